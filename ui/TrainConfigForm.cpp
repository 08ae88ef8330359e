#include "TrainConfigForm.h"

#include "Format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>

#include <limits>

namespace mb::ui {
namespace {

QStringList scheduleChoices()
{
    return {QStringLiteral("none"), QStringLiteral("cosine"), QStringLiteral("step"), QStringLiteral("inverse")};
}

QString hiddenText(const QVector<int>& hidden)
{
    QStringList parts;
    for (int size : hidden)
        parts << QString::number(size);
    return parts.join(QStringLiteral(", "));
}

QVector<int> parseHidden(const QString& text)
{
    QVector<int> sizes;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int value = part.trimmed().toInt(&ok);
        if (ok && value > 0)
            sizes << value;
    }
    return sizes;
}

void setChoices(QComboBox* box, const QStringList& choices, const QString& current)
{
    const QSignalBlocker block(box);
    box->clear();
    for (const QString& choice : choices)
        box->addItem(format::metricName(choice) == choice ? choice : format::metricName(choice), choice);
    const int index = box->findData(current);
    box->setCurrentIndex(index >= 0 ? index : 0);
}

QString currentChoice(const QComboBox* box)
{
    return box->currentData().toString();
}

double parseNumber(const QLineEdit* edit, double fallback)
{
    bool ok = false;
    const double value = edit->text().trimmed().toDouble(&ok);
    return ok ? value : fallback;
}

}  // namespace

TrainConfigForm::TrainConfigForm(QWidget* parent)
    : QWidget(parent),
      m_layout(new QFormLayout(this)),
      m_model(new QComboBox(this)),
      m_epochs(new QSpinBox(this)),
      m_batchSize(new QSpinBox(this)),
      m_optimizer(new QComboBox(this)),
      m_lr(new QLineEdit(this)),
      m_weightDecay(new QLineEdit(this)),
      m_schedule(new QComboBox(this)),
      m_patience(new QSpinBox(this)),
      m_refit(new QCheckBox(tr("train again on training + validation"), this)),
      m_selectionMetric(new QComboBox(this)),
      m_classWeights(new QComboBox(this)),
      m_seed(new QSpinBox(this)),
      m_hidden(new QLineEdit(this)),
      m_dropout(new QDoubleSpinBox(this)),
      m_textDim(new QSpinBox(this)),
      m_imageSize(new QSpinBox(this)),
      m_augment(new QCheckBox(tr("random shifts, rotations and scaling"), this))
{
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_layout->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_layout->setContentsMargins(4, 8, 4, 4);

    m_epochs->setRange(1, 100000);
    m_batchSize->setRange(1, 65536);
    m_patience->setRange(0, 100000);
    m_patience->setSpecialValueText(tr("off"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    auto* lrValidator = new QDoubleValidator(1e-9, 10000, 10, this);
    lrValidator->setNotation(QDoubleValidator::ScientificNotation);
    lrValidator->setLocale(QLocale::c());
    m_lr->setValidator(lrValidator);
    auto* decayValidator = new QDoubleValidator(0, 10, 10, this);
    decayValidator->setNotation(QDoubleValidator::ScientificNotation);
    decayValidator->setLocale(QLocale::c());
    m_weightDecay->setValidator(decayValidator);
    m_hidden->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^\\s*(\\d+\\s*(,\\s*)?)*$")), this));
    m_hidden->setPlaceholderText(tr("e.g. 128, 64"));
    m_dropout->setRange(0, 0.95);
    m_dropout->setSingleStep(0.05);
    m_dropout->setDecimals(2);
    m_textDim->setRange(0, 4096);
    m_textDim->setSpecialValueText(tr("0 (linear)"));
    m_imageSize->setRange(4, 512);
    m_imageSize->setSuffix(tr(" px"));
    setChoices(m_optimizer, {QStringLiteral("adam"), QStringLiteral("adamw"), QStringLiteral("sgd")}, QStringLiteral("adamw"));
    setChoices(m_schedule, scheduleChoices(), QStringLiteral("cosine"));
    setChoices(m_classWeights, {QStringLiteral("none"), QStringLiteral("balanced")}, QStringLiteral("none"));

    addRow(tr("Model"), m_model, QStringLiteral("model"), tr("The model family for this kind of data."));
    addRow(tr("Epochs"), m_epochs, QStringLiteral("epochs"), tr("Upper bound; early stopping usually ends sooner."));
    addRow(tr("Batch size"), m_batchSize, QStringLiteral("batch_size"), tr("Samples per optimisation step."));
    addRow(tr("Optimizer"), m_optimizer, QStringLiteral("optimizer"), tr("adam, adamw (decoupled weight decay) or sgd with momentum."));
    addRow(tr("Learning rate"), m_lr, QStringLiteral("lr"), tr("Step size of the optimiser."));
    addRow(tr("Weight decay"), m_weightDecay, QStringLiteral("weight_decay"), tr("L2 regularisation strength."));
    addRow(tr("LR schedule"), m_schedule, QStringLiteral("schedule"), tr("How the learning rate changes over the epochs."));
    addRow(tr("Patience"), m_patience, QStringLiteral("patience"), tr("Stop after this many epochs without improvement; 0 = never."));
    addRow(tr("Refit"), m_refit, QStringLiteral("refit"),
           tr("Once validation has picked the epoch, train a fresh model that long on the training and validation rows together, and keep it."));
    addRow(tr("Select on"), m_selectionMetric, QStringLiteral("selection_metric"), tr("The validation metric that picks the best epoch."));
    addRow(tr("Class weights"), m_classWeights, QStringLiteral("class_weights"), tr("balanced: weigh rare classes up in the loss."));
    addRow(tr("Seed"), m_seed, QStringLiteral("seed"), tr("The same seed and config give the same model."));
    addRow(tr("Hidden sizes"), m_hidden, QStringLiteral("mlp.hidden"), tr("Units of each hidden layer, comma-separated."));
    addRow(tr("Dropout"), m_dropout, QStringLiteral("mlp.dropout"), tr("Share of units dropped while training."));
    addRow(tr("Embedding size"), m_textDim, QStringLiteral("text.dim"), tr("Dimensions of the n-gram embeddings; 0 = a linear model whose table holds each n-gram's class scores."));
    addRow(tr("Image size"), m_imageSize, QStringLiteral("image.size"), tr("Images are resized to this square size."));
    addRow(tr("Augment"), m_augment, QStringLiteral("image.augment"), tr("Random distortions of training images."));

    const auto changed = [this] {
        if (m_loading)
            return;
        markChanges();
        Q_EMIT edited();
    };
    for (QComboBox* box : {m_model, m_optimizer, m_schedule, m_selectionMetric, m_classWeights})
        connect(box, &QComboBox::activated, this, changed);
    for (QSpinBox* box : {m_epochs, m_batchSize, m_patience, m_seed, m_textDim, m_imageSize})
        connect(box, &QSpinBox::valueChanged, this, changed);
    connect(m_dropout, &QDoubleSpinBox::valueChanged, this, changed);
    for (QLineEdit* edit : {m_lr, m_weightDecay, m_hidden})
        connect(edit, &QLineEdit::editingFinished, this, changed);
    for (QCheckBox* box : {m_refit, m_augment})
        connect(box, &QCheckBox::toggled, this, changed);
}

void TrainConfigForm::addRow(const QString& label, QWidget* field, const QString& key, const QString& help)
{
    field->setProperty("configKey", key);
    field->setProperty("help", help);
    field->setObjectName(QStringLiteral("config:%1").arg(key));
    m_layout->addRow(label + QLatin1Char(':'), field);
}

void TrainConfigForm::setConfig(const TrainConfig& config, const TrainConfig& defaults, DatasetKind kind, LabelKind labelKind)
{
    m_loading = true;
    m_defaults = defaults;
    const bool regression = labelKind == LabelKind::Regression;
    QStringList models;
    switch (kind) {
    case DatasetKind::Tabular:
        models = {QStringLiteral("mlp"), QStringLiteral("linear")};
        break;
    case DatasetKind::Text:
        models = {QStringLiteral("text")};
        break;
    case DatasetKind::Image:
        models = {QStringLiteral("cnn")};
        break;
    }
    setChoices(m_model, models, config.model);
    setChoices(m_selectionMetric,
               regression ? QStringList{QStringLiteral("loss"), QStringLiteral("r2")}
                          : QStringList{QStringLiteral("macro_f1"), QStringLiteral("min_f1"), QStringLiteral("accuracy"), QStringLiteral("loss")},
               config.selectionMetric);
    setChoices(m_optimizer, {QStringLiteral("adam"), QStringLiteral("adamw"), QStringLiteral("sgd")}, config.optimizer);
    setChoices(m_schedule, scheduleChoices(), config.schedule);
    setChoices(m_classWeights, {QStringLiteral("none"), QStringLiteral("balanced")}, config.classWeights);
    m_epochs->setValue(config.epochs);
    m_batchSize->setValue(config.batchSize);
    m_lr->setText(format::number(config.lr));
    m_weightDecay->setText(format::number(config.weightDecay));
    m_patience->setValue(config.patience);
    m_refit->setChecked(config.refit);
    m_seed->setValue(int(std::min<qint64>(config.seed, std::numeric_limits<int>::max())));
    m_hidden->setText(hiddenText(config.hidden));
    m_dropout->setValue(config.dropout);
    m_textDim->setValue(config.embeddingDim);
    m_imageSize->setValue(config.imageSize);
    m_augment->setChecked(config.augment);

    const bool tabular = kind == DatasetKind::Tabular;
    m_layout->setRowVisible(m_classWeights, !regression);
    m_layout->setRowVisible(m_hidden, tabular && config.model == QLatin1String("mlp"));
    m_layout->setRowVisible(m_dropout, (tabular && config.model == QLatin1String("mlp")) || kind == DatasetKind::Image);
    m_layout->setRowVisible(m_textDim, kind == DatasetKind::Text);
    m_layout->setRowVisible(m_imageSize, kind == DatasetKind::Image);
    m_layout->setRowVisible(m_augment, kind == DatasetKind::Image);
    markChanges();
    m_loading = false;
}

TrainConfig TrainConfigForm::apply(TrainConfig config) const
{
    config.model = currentChoice(m_model);
    config.epochs = m_epochs->value();
    config.batchSize = m_batchSize->value();
    config.optimizer = currentChoice(m_optimizer);
    config.lr = parseNumber(m_lr, config.lr);
    config.weightDecay = parseNumber(m_weightDecay, config.weightDecay);
    config.schedule = currentChoice(m_schedule);
    config.patience = m_patience->value();
    config.refit = m_refit->isChecked();
    config.selectionMetric = currentChoice(m_selectionMetric);
    config.classWeights = currentChoice(m_classWeights);
    config.seed = m_seed->value();
    const QVector<int> hidden = parseHidden(m_hidden->text());
    if (!hidden.isEmpty())
        config.hidden = hidden;
    config.dropout = m_dropout->value();
    config.embeddingDim = m_textDim->value();
    config.imageSize = m_imageSize->value();
    config.augment = m_augment->isChecked();
    return config;
}

void TrainConfigForm::markChanges()
{
    // A changed value's label turns bold; the tooltip names the key and its default.
    const TrainConfig current = apply(m_defaults);
    const QString defaults = m_defaults.toYaml();
    const QString now = current.toYaml();
    for (int row = 0; row < m_layout->rowCount(); ++row) {
        QLayoutItem* fieldItem = m_layout->itemAt(row, QFormLayout::FieldRole);
        QLayoutItem* labelItem = m_layout->itemAt(row, QFormLayout::LabelRole);
        if (!fieldItem || !labelItem || !fieldItem->widget())
            continue;
        QWidget* field = fieldItem->widget();
        const QString key = field->property("configKey").toString();
        const QString leaf = key.section(QLatin1Char('.'), -1);
        // The stable YAML gives each key's value on a line of its own.
        const auto valueOf = [&leaf](const QString& yaml) {
            for (const QString& line : yaml.split(QLatin1Char('\n'))) {
                if (line.trimmed().startsWith(leaf + QStringLiteral(": ")))
                    return line.trimmed().mid(leaf.size() + 2);
            }
            return QString();
        };
        const QString defaultValue = valueOf(defaults);
        const bool changed = valueOf(now) != defaultValue;
        auto* label = qobject_cast<QLabel*>(labelItem->widget());
        if (label) {
            QFont font = label->font();
            font.setBold(changed);
            label->setFont(font);
        }
        field->setToolTip(QStringLiteral("<b>%1</b><br>%2<br><span style='color:#666'>default: %3</span>")
                              .arg(key, field->property("help").toString(), defaultValue.toHtmlEscaped()));
    }
}

}  // namespace mb::ui
