-- wrk script: POST one letter-shaped instance (16 numeric features, given in the model's
-- input order) per request. Modelbench's predict endpoint and the FastAPI anchor take the
-- same body, so both are loaded with identical requests; the URL chooses the endpoint:
--   wrk -t2 -c32 -d10s --latency -s tests/bench/predict.lua http://127.0.0.1:PORT/api/v1/models/letter/predict
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"instances": [[2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8]]}'
