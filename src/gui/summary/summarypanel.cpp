#include "gui/summary/summarypanel.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "gui/common/plural.h"
#include "gui/common/theme.h"
#include "gui/summary/statusbadge.h"
#include "gui/summary/summarymodel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace Revox {

namespace {

QLabel *plainLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QString timeToolTip(const Timestamp &stamp)
{
    if (stamp.state() != Timestamp::State::Parsed && stamp.state() != Timestamp::State::Unparseable)
        return SummaryPanel::tr("Not sent by the server");
    return SummaryPanel::tr("UTC: %1\nAs sent: %2").arg(Format::utcTime(stamp), stamp.rawText());
}

// The one-line answer to "did it reach a person?".
QString reachedText(const Call &call)
{
    const int count = int(call.callAttempts.size());
    for (int i = 0; i < count; ++i) {
        if (call.callAttempts.at(i).result == QStringLiteral("human"))
            return SummaryPanel::tr("Yes: a person answered attempt %1 of %2")
                .arg(count - i)
                .arg(count);
    }
    if (count == 0)
        return SummaryPanel::tr("No attempt yet");
    const CallAttempt &latest = call.callAttempts.constFirst();
    if (latest.result)
        return SummaryPanel::tr("No: the latest attempt reached %1")
            .arg(EnumText::label(EnumField::AttemptResult, *latest.result).toLower());
    if (latest.dialError)
        return SummaryPanel::tr("No: %1").arg(
            EnumText::label(EnumField::DialError, *latest.dialError).toLower());
    return SummaryPanel::tr("Not yet (latest attempt: %1)")
        .arg(EnumText::label(EnumField::AttemptStatus, latest.status));
}

} // namespace

SummaryPanel::SummaryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new SummaryModel(this))
    , m_badge(new StatusBadge(this))
    , m_callId(plainLabel(this))
    , m_statusExplanation(plainLabel(this))
    , m_warning(plainLabel(this))
    , m_factsBox(new QWidget(this))
    , m_facts(new QFormLayout(m_factsBox))
    , m_tree(new QTreeView(this))
    , m_details(new QPlainTextEdit(this))
{
    QFont idFont = m_callId->font();
    idFont.setBold(true);
    idFont.setPointSizeF(idFont.pointSizeF() * 1.1);
    m_callId->setFont(idFont);
    m_callId->setWordWrap(false);
    m_callId->setAccessibleName(tr("Call ID"));
    m_statusExplanation->setAccessibleName(tr("Status explanation"));
    m_warning->setAccessibleName(tr("Inconsistencies"));
    m_warning->hide();

    m_facts->setContentsMargins(0, 0, 0, 0);
    m_facts->setLabelAlignment(Qt::AlignLeft);
    m_facts->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_facts->setRowWrapPolicy(QFormLayout::DontWrapRows);

    m_tree->setModel(m_model);
    m_tree->setAccessibleName(tr("All call fields"));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_details->setReadOnly(true);
    m_details->setAccessibleName(tr("Selected field"));
    m_details->setPlaceholderText(tr("Select a field to see all of it here."));

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_badge, 0, Qt::AlignVCenter);
    header->addWidget(m_callId, 1, Qt::AlignVCenter);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(header);
    topLayout->addWidget(m_statusExplanation);
    topLayout->addWidget(m_warning);
    topLayout->addWidget(m_factsBox);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("summarySplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({500, 90});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(top);
    layout->addWidget(splitter, 1);

    connect(m_tree->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            &SummaryPanel::showDetails);
    setCall(std::nullopt);
    applyColors();
}

void SummaryPanel::addFact(const QString &label, const QString &value, const QString &toolTip)
{
    auto *valueLabel = plainLabel(m_factsBox);
    valueLabel->setText(value);
    valueLabel->setToolTip(Theme::plainToolTip(toolTip));
    valueLabel->setAccessibleName(label);
    auto *nameLabel = new QLabel(label + QLatin1Char(':'), m_factsBox);
    nameLabel->setTextFormat(Qt::PlainText);
    m_facts->addRow(nameLabel, valueLabel);
    applyColors();
}

void SummaryPanel::applyColors()
{
    QPalette warning = m_warning->palette();
    warning.setColor(QPalette::WindowText, Theme::foreground(Theme::Tone::Warning, palette()));
    m_warning->setPalette(warning);
    const QColor muted = Theme::mix(palette().color(QPalette::WindowText),
                                    palette().color(QPalette::Window),
                                    0.35);
    for (int row = 0; row < m_facts->rowCount(); ++row) {
        QLayoutItem *item = m_facts->itemAt(row, QFormLayout::LabelRole);
        if (QWidget *label = item ? item->widget() : nullptr) {
            QPalette p = label->palette();
            p.setColor(QPalette::WindowText, muted);
            label->setPalette(p);
        }
    }
}

void SummaryPanel::changeEvent(QEvent *event)
{
    // Colours derived from the palette follow a switch between light and dark at run time.
    if (event->type() == QEvent::PaletteChange)
        applyColors();
    QWidget::changeEvent(event);
}

void SummaryPanel::setCall(const std::optional<Call> &call)
{
    m_model->setCall(call);
    while (m_facts->rowCount() > 0)
        m_facts->removeRow(0);
    m_details->clear();
    if (!call) {
        m_badge->setStatus(QString(), Theme::Tone::Neutral);
        m_callId->clear();
        m_statusExplanation->clear();
        m_warning->hide();
        return;
    }
    const Call &c = *call;
    m_badge->setStatus(EnumText::label(EnumField::CallStatus, c.status),
                       Theme::callStatusTone(c.status));
    m_callId->setText(c.id);
    m_callId->setToolTip(Theme::plainToolTip(c.id));
    const QString explanation = c.status ? EnumText::explanation(EnumField::CallStatus, *c.status)
                                         : QString();
    m_statusExplanation->setText(
        !c.status ? tr("The server sent no status.")
        : explanation.isEmpty()
            ? tr("\"%1\" is a status this version does not know; shown as sent.").arg(*c.status)
            : explanation);

    addFact(tr("Reached a person"), reachedText(c));
    const QString direction = EnumText::label(EnumField::Direction, c.direction);
    addFact(tr("Direction"),
            QStringLiteral("%1 · %2 → %3")
                .arg(direction,
                     Format::optionalText(c.fromPhoneNumber),
                     Format::optionalText(c.toPhoneNumber)),
            c.direction ? EnumText::explanation(EnumField::Direction, *c.direction) : QString());
    addFact(tr("Created"), Format::localTime(c.createdAt), timeToolTip(c.createdAt));
    addFact(tr("Scheduled"), Format::localTime(c.scheduledAt), timeToolTip(c.scheduledAt));
    addFact(tr("Attempts"),
            c.callsCount ? Format::number(*c.callsCount) : QString::number(c.callAttempts.size()),
            plural(int(c.callAttempts.size()),
                   tr("%1 attempt in this response"),
                   tr("%1 attempts in this response")));
    if (c.campaign)
        addFact(tr("Campaign"),
                Format::optionalText(c.campaign->name),
                Format::optionalText(c.campaign->id));
    if (c.assistant)
        addFact(tr("Assistant"),
                Format::optionalText(c.assistant->name),
                Format::optionalText(c.assistant->id));
    addFact(tr("Model"), Format::llmModel(c.llmModel));
    addFact(tr("Organization"), Format::optionalText(c.organizationId));

    const QStringList problems = m_model->inconsistencies();
    m_warning->setText(problems.isEmpty()
                           ? QString()
                           : tr("⚠ Inconsistent response: %1").arg(problems.join(QLatin1Char(' '))));
    m_warning->setVisible(!problems.isEmpty());

    m_tree->expand(m_model->index(0, 0));
    m_tree->resizeColumnToContents(SummaryModel::Field);
}

QStringList SummaryPanel::factTexts() const
{
    QStringList lines;
    for (int row = 0; row < m_facts->rowCount(); ++row) {
        const auto *label = qobject_cast<QLabel *>(
            m_facts->itemAt(row, QFormLayout::LabelRole)->widget());
        const auto *value = qobject_cast<QLabel *>(
            m_facts->itemAt(row, QFormLayout::FieldRole)->widget());
        if (label && value)
            lines.append(label->text() + QLatin1Char(' ') + value->text());
    }
    return lines;
}

QString SummaryPanel::warningText() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

void SummaryPanel::showDetails(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_details->clear();
        return;
    }
    const QModelIndex field = index.siblingAtColumn(SummaryModel::Field);
    QString text = field.data().toString() + QStringLiteral("\n")
                   + field.data(SummaryModel::FullTextRole).toString();
    const QString explanation = field.data(SummaryModel::ExplanationRole).toString();
    if (!explanation.isEmpty())
        text += QStringLiteral("\n\n") + explanation;
    const QString key = field.data(SummaryModel::KeyRole).toString();
    if (!key.isEmpty())
        text += QStringLiteral("\n\n(%1)").arg(key);
    m_details->setPlainText(text);
}

} // namespace Revox
