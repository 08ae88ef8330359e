#include "CompareVersionsDialog.h"

#include "ConfusionMatrixView.h"
#include "Format.h"

#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QScreen>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace mb::ui {
namespace {

double valueOf(const QJsonObject& report, const QString& key)
{
    return report.contains(key) && !report.value(key).isNull() ? report.value(key).toDouble(NAN) : NAN;
}

QMap<QString, double> perClassF1(const QJsonObject& report)
{
    QMap<QString, double> f1;
    for (const QJsonValue& value : report.value(QStringLiteral("per_class")).toArray()) {
        const QJsonObject entry = value.toObject();
        f1.insert(entry.value(QStringLiteral("label")).toString(), entry.value(QStringLiteral("f1")).toDouble(NAN));
    }
    return f1;
}

}  // namespace

CompareVersionsDialog::CompareVersionsDialog(const ModelVersionInfo& a, const ModelVersionInfo& b, QWidget* parent)
    : QDialog(parent), m_table(new QTableWidget(0, 4, this)), m_matrixA(new ConfusionMatrixView(this)), m_matrixB(new ConfusionMatrixView(this))
{
    setObjectName(QStringLiteral("compareDialog"));
    setWindowTitle(tr("Compare %1 and %2").arg(a.ref(), b.ref()));
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setHorizontalHeaderLabels({tr("Metric"), QStringLiteral("A"), QStringLiteral("B"), tr("B − A")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < 4; ++column) {
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Fixed);
        m_table->setColumnWidth(column, 72);
    }
    m_table->verticalHeader()->setDefaultSectionSize(22);

    // Lineage above the table, the figures in it.
    const auto lineage = [](const QString& side, const ModelVersionInfo& v) {
        const QString dataset = v.datasetRef.isEmpty() ? tr("imported") : tr("on %1").arg(v.datasetRef.toHtmlEscaped());
        QString text = QStringLiteral("<b>%1: %2</b><br><span style='color:#555'>%3 %4 · best epoch %5 · %6")
                           .arg(side, v.ref().toHtmlEscaped(), v.modelType, dataset)
                           .arg(v.metrics.value(QStringLiteral("best_epoch")).toInt())
                           .arg(format::duration(v.metrics.value(QStringLiteral("train_seconds")).toDouble(NAN)));
        if (!v.aliases.isEmpty())
            text += tr(" · aliases %1").arg(v.aliases.join(QStringLiteral(", ")).toHtmlEscaped());
        return text + QStringLiteral("</span>");
    };
    auto* header = new QLabel(lineage(QStringLiteral("A"), a) + QStringLiteral("<br>") + lineage(QStringLiteral("B"), b), this);
    header->setObjectName(QStringLiteral("compareLineage"));
    header->setWordWrap(true);
    header->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const bool regression = a.task == QLatin1String("regression") || b.task == QLatin1String("regression");
    const QList<QPair<QString, bool>> keys = regression
        ? QList<QPair<QString, bool>>{{QStringLiteral("mae"), false}, {QStringLiteral("rmse"), false}, {QStringLiteral("r2"), true}}
        : QList<QPair<QString, bool>>{{QStringLiteral("accuracy"), true}, {QStringLiteral("macro_f1"), true}, {QStringLiteral("weighted_f1"), true},
                                      {QStringLiteral("min_f1"), true}, {QStringLiteral("log_loss"), false}};
    for (const char* split : {"test", "validation"}) {
        const QString name = QString::fromLatin1(split);
        const QJsonObject ra = a.metrics.value(name).toObject();
        const QJsonObject rb = b.metrics.value(name).toObject();
        addSection(name == QLatin1String("test") ? tr("Test split") : tr("Validation split"));
        for (const auto& [key, higher] : keys)
            addMetricRow(format::metricName(key), valueOf(ra, key), valueOf(rb, key), higher);
    }
    if (!regression) {
        const QMap<QString, double> fa = perClassF1(a.metrics.value(QStringLiteral("test")).toObject());
        const QMap<QString, double> fb = perClassF1(b.metrics.value(QStringLiteral("test")).toObject());
        QStringList labels = fa.keys();
        for (const QString& label : fb.keys()) {
            if (!labels.contains(label))
                labels << label;
        }
        if (!labels.isEmpty()) {
            addSection(tr("Test F1 per class"));
            for (const QString& label : std::as_const(labels))
                addMetricRow(label, fa.value(label, NAN), fb.value(label, NAN), true);
        }
    }

    m_matrixA->setObjectName(QStringLiteral("matrixA"));
    m_matrixB->setObjectName(QStringLiteral("matrixB"));
    m_matrixA->setTitle(tr("A: %1 — test confusion").arg(a.ref()));
    m_matrixB->setTitle(tr("B: %1 — test confusion").arg(b.ref()));
    m_matrixA->setEmptyText(tr("No confusion matrix (not a classifier, or no test split)"));
    m_matrixB->setEmptyText(tr("No confusion matrix (not a classifier, or no test split)"));
    m_matrixA->setReport(a.metrics.value(QStringLiteral("test")).toObject());
    m_matrixB->setReport(b.metrics.value(QStringLiteral("test")).toObject());

    auto* matrices = new QWidget(this);
    auto* matrixLayout = new QHBoxLayout(matrices);
    matrixLayout->setContentsMargins(0, 0, 0, 0);
    matrixLayout->addWidget(m_matrixA, 1);
    matrixLayout->addWidget(m_matrixB, 1);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(header);
    leftLayout->addWidget(m_table, 1);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(matrices);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({430, 900});

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* note = new QLabel(tr("Differences are B − A; green where B is better. Rows are true classes, columns predicted."), this);
    note->setStyleSheet(QStringLiteral("color: #6b6b6b;"));
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(note, 1);
    bottom->addWidget(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);
    QSize size(1340, 720);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.95);
    resize(size);
}

void CompareVersionsDialog::addSection(const QString& title)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* item = new QTableWidgetItem(title);
    QFont font = item->font();
    font.setBold(true);
    item->setFont(font);
    item->setBackground(QColor(0xeef2f7));
    m_table->setItem(row, 0, item);
    for (int column = 1; column < 4; ++column) {
        auto* filler = new QTableWidgetItem;
        filler->setBackground(QColor(0xeef2f7));
        m_table->setItem(row, column, filler);
    }
}

void CompareVersionsDialog::addMetricRow(const QString& name, double a, double b, bool higherIsBetter)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(QStringLiteral("   ") + name));
    auto* itemA = new QTableWidgetItem(format::metric(a));
    auto* itemB = new QTableWidgetItem(format::metric(b));
    auto* delta = new QTableWidgetItem;
    for (QTableWidgetItem* item : {itemA, itemB, delta})
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (std::isfinite(a) && std::isfinite(b)) {
        const double d = b - a;
        delta->setText(QStringLiteral("%1%2").arg(d > 0 ? QStringLiteral("+") : QString()).arg(d, 0, 'f', 3));
        const bool better = higherIsBetter ? d > 5e-4 : d < -5e-4;
        const bool worse = higherIsBetter ? d < -5e-4 : d > 5e-4;
        if (better)
            delta->setForeground(QColor(0x2e7d32));
        else if (worse)
            delta->setForeground(QColor(0xc62828));
        QFont bold = itemA->font();
        bold.setBold(true);
        if (better)
            itemB->setFont(bold);
        else if (worse)
            itemA->setFont(bold);
    }
    m_table->setItem(row, 1, itemA);
    m_table->setItem(row, 2, itemB);
    m_table->setItem(row, 3, delta);
}

}  // namespace mb::ui
