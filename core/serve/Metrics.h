#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QMap>
#include <QStringList>

#include <mutex>
#include <vector>

namespace mb::serve {

// A small Prometheus registry: counter, gauge and histogram families with labels, written in
// the text exposition format (version 0.0.4) that `promtool check metrics` accepts. Families
// are defined once (name, help, label names); samples are keyed by their label values.
//
// Thread-safety: every member may be called from any thread (one mutex; each call is short).
class Metrics {
public:
    enum class Type { Counter, Gauge, Histogram };

    // Defines a family; defining a name twice with the same type is a no-op. `buckets` (upper
    // bounds, ascending; +Inf is implied) only for histograms.
    void define(const QByteArray& name, Type type, const QByteArray& help, const QByteArrayList& labelNames,
                const std::vector<double>& buckets = {});

    // Each takes one label value per label name, in order. A family that was not defined, or a
    // wrong number of label values, is ignored (metrics never break a request).
    void increment(const QByteArray& name, const QStringList& labels, double by = 1);  // counter
    void set(const QByteArray& name, const QStringList& labels, double value);         // gauge
    void observe(const QByteArray& name, const QStringList& labels, double value);     // histogram
    // Drops every sample of a family (for gauges recomputed at each scrape).
    void clear(const QByteArray& name);

    // A counter's or gauge's value, a histogram's count; 0 when there is no such sample.
    double value(const QByteArray& name, const QStringList& labels) const;

    // The text exposition of every family, in the order they were defined.
    QByteArray exposition() const;

    // Upper bounds for request and inference latencies in seconds (0.25 ms .. 10 s).
    static std::vector<double> latencyBuckets();
    // Upper bounds for batch sizes (1 .. 1024).
    static std::vector<double> sizeBuckets();

private:
    struct Sample {
        double value = 0;                 // counter, gauge; histogram: sum
        std::vector<quint64> counts;      // histogram: per bucket (not cumulative)
        quint64 count = 0;                // histogram
    };
    struct Family {
        QByteArray name;
        Type type = Type::Counter;
        QByteArray help;
        QByteArrayList labelNames;
        std::vector<double> buckets;
        QMap<QStringList, Sample> samples;
    };

    Family* find(const QByteArray& name, const QStringList& labels);

    mutable std::mutex m_mutex;
    std::vector<Family> m_families;
    QHash<QByteArray, size_t> m_index;
};

}  // namespace mb::serve
