#include "Metrics.h"

#include <QLocale>

#include <cmath>

namespace mb::serve {
namespace {

QByteArray escapeLabel(const QString& value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray number(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest).toLatin1();
}

QByteArray labelSet(const QByteArrayList& names, const QStringList& values, const QByteArray& extraName = {}, const QByteArray& extraValue = {})
{
    QByteArrayList parts;
    for (int i = 0; i < names.size(); ++i)
        parts << names.at(i) + "=\"" + escapeLabel(values.at(i)) + '"';
    if (!extraName.isEmpty())
        parts << extraName + "=\"" + extraValue + '"';
    return parts.isEmpty() ? QByteArray() : '{' + parts.join(',') + '}';
}

QByteArray escapeHelp(const QByteArray& help)
{
    QByteArray out = help;
    out.replace("\\", "\\\\");
    out.replace("\n", "\\n");
    return out;
}

}  // namespace

void Metrics::define(const QByteArray& name, Type type, const QByteArray& help, const QByteArrayList& labelNames,
                     const std::vector<double>& buckets)
{
    std::lock_guard lock(m_mutex);
    if (m_index.contains(name))
        return;
    Family family;
    family.name = name;
    family.type = type;
    family.help = help;
    family.labelNames = labelNames;
    family.buckets = buckets;
    m_index.insert(name, m_families.size());
    m_families.push_back(std::move(family));
}

Metrics::Family* Metrics::find(const QByteArray& name, const QStringList& labels)
{
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd())
        return nullptr;
    Family& family = m_families[*it];
    return family.labelNames.size() == labels.size() ? &family : nullptr;
}

void Metrics::increment(const QByteArray& name, const QStringList& labels, double by)
{
    std::lock_guard lock(m_mutex);
    if (Family* family = find(name, labels); family && family->type == Type::Counter && by >= 0)
        family->samples[labels].value += by;
}

void Metrics::set(const QByteArray& name, const QStringList& labels, double value)
{
    std::lock_guard lock(m_mutex);
    if (Family* family = find(name, labels); family && family->type == Type::Gauge)
        family->samples[labels].value = value;
}

void Metrics::observe(const QByteArray& name, const QStringList& labels, double value)
{
    std::lock_guard lock(m_mutex);
    Family* family = find(name, labels);
    if (!family || family->type != Type::Histogram || std::isnan(value))
        return;
    Sample& sample = family->samples[labels];
    if (sample.counts.empty())
        sample.counts.assign(family->buckets.size(), 0);
    for (size_t i = 0; i < family->buckets.size(); ++i) {
        if (value <= family->buckets[i]) {
            ++sample.counts[i];
            break;
        }
    }
    sample.value += value;
    ++sample.count;
}

void Metrics::clear(const QByteArray& name)
{
    std::lock_guard lock(m_mutex);
    if (const auto it = m_index.constFind(name); it != m_index.constEnd())
        m_families[*it].samples.clear();
}

double Metrics::value(const QByteArray& name, const QStringList& labels) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd())
        return 0;
    const Family& family = m_families[*it];
    const auto sample = family.samples.constFind(labels);
    if (sample == family.samples.constEnd())
        return 0;
    return family.type == Type::Histogram ? double(sample->count) : sample->value;
}

QByteArray Metrics::exposition() const
{
    std::lock_guard lock(m_mutex);
    QByteArray out;
    out.reserve(4096);
    for (const Family& family : m_families) {
        static const char* const typeNames[] = {"counter", "gauge", "histogram"};
        out += "# HELP " + family.name + ' ' + escapeHelp(family.help) + '\n';
        out += "# TYPE " + family.name + ' ' + typeNames[int(family.type)] + '\n';
        for (auto it = family.samples.cbegin(); it != family.samples.cend(); ++it) {
            const Sample& sample = it.value();
            if (family.type != Type::Histogram) {
                out += family.name + labelSet(family.labelNames, it.key()) + ' ' + number(sample.value) + '\n';
                continue;
            }
            quint64 cumulative = 0;
            for (size_t i = 0; i < family.buckets.size(); ++i) {
                cumulative += i < sample.counts.size() ? sample.counts[i] : 0;
                out += family.name + "_bucket" + labelSet(family.labelNames, it.key(), "le", number(family.buckets[i])) + ' ' +
                       QByteArray::number(cumulative) + '\n';
            }
            out += family.name + "_bucket" + labelSet(family.labelNames, it.key(), "le", "+Inf") + ' ' + QByteArray::number(sample.count) + '\n';
            out += family.name + "_sum" + labelSet(family.labelNames, it.key()) + ' ' + number(sample.value) + '\n';
            out += family.name + "_count" + labelSet(family.labelNames, it.key()) + ' ' + QByteArray::number(sample.count) + '\n';
        }
    }
    return out;
}

std::vector<double> Metrics::latencyBuckets()
{
    return {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> Metrics::sizeBuckets()
{
    return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
}

}  // namespace mb::serve
