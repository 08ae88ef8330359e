-- Which process runs a job (its pid on which host), so that a process starting later can tell
-- a job left "running" by a process that ended abruptly from one another process still runs.
ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
ALTER TABLE jobs ADD COLUMN owner_host TEXT;
