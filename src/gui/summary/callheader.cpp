#include "gui/summary/callheader.h"

#include "core/call/enumtext.h"
#include "core/call/format.h"
#include "gui/common/elidedlabel.h"
#include "gui/common/plural.h"
#include "gui/common/theme.h"
#include "gui/summary/statusbadge.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace Revox {

namespace {

// In reading order: what people open a call for first.
enum FactIndex {
    FactReached,
    FactDirection,
    FactCreated,
    FactTalkTime,
    FactAttempts,
    FactScheduled,
    FactCampaign,
    FactAssistant,
    FactModel,
    FactOrganization,
    FactCount
};

// A column of facts needs about this much room to show most values whole.
constexpr int ColumnWidth = 440;

QString timeToolTip(const Timestamp &stamp)
{
    if (stamp.state() != Timestamp::State::Parsed && stamp.state() != Timestamp::State::Unparseable)
        return CallHeader::tr("Not sent by the server");
    return CallHeader::tr("UTC: %1\nAs sent: %2").arg(Format::utcTime(stamp), stamp.rawText());
}

// The one-line answer to "did it reach a person?".
QString reachedText(const Call &call)
{
    const int count = int(call.callAttempts.size());
    for (int i = 0; i < count; ++i) {
        if (call.callAttempts.at(i).result == QStringLiteral("human"))
            return CallHeader::tr("Yes: a person answered attempt %1 of %2")
                .arg(count - i)
                .arg(count);
    }
    if (count == 0)
        return CallHeader::tr("No attempt yet");
    const CallAttempt &latest = call.callAttempts.constFirst();
    if (latest.result)
        return CallHeader::tr("No: the latest attempt reached %1")
            .arg(EnumText::label(EnumField::AttemptResult, *latest.result).toLower());
    if (latest.dialError)
        return CallHeader::tr("No: %1").arg(
            EnumText::label(EnumField::DialError, *latest.dialError).toLower());
    return CallHeader::tr("Not yet (latest attempt: %1)")
        .arg(EnumText::label(EnumField::AttemptStatus, latest.status));
}

// Talk time over every attempt that has one; nullopt when none has.
std::optional<qint64> totalTalkMs(const Call &call)
{
    std::optional<qint64> total;
    for (const CallAttempt &attempt : call.callAttempts) {
        if (const std::optional<qint64> ms = Format::talkDurationMs(attempt))
            total = total.value_or(0) + *ms;
    }
    return total;
}

} // namespace

CallHeader::CallHeader(QWidget *parent)
    : QWidget(parent)
    , m_badge(new StatusBadge(this))
    , m_callId(new ElidedLabel(this))
    , m_explanation(new ElidedLabel(this))
    , m_warning(new ElidedLabel(this))
    , m_grid(new QGridLayout)
{
    QFont idFont = m_callId->font();
    idFont.setBold(true);
    idFont.setPointSizeF(idFont.pointSizeF() * 1.1);
    m_callId->setFont(idFont);
    m_callId->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_callId->setAccessibleName(tr("Call ID"));
    m_explanation->setAccessibleName(tr("Status explanation"));
    m_warning->setAccessibleName(tr("Inconsistencies"));
    // The ID is what people copy and compare: it gets its width before the explanation does.
    m_callId->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    const QString names[FactCount] = {tr("Reached a person"),
                                      tr("Direction"),
                                      tr("Created"),
                                      tr("Talk time"),
                                      tr("Attempts"),
                                      tr("Scheduled"),
                                      tr("Campaign"),
                                      tr("Assistant"),
                                      tr("Model"),
                                      tr("Organization")};
    for (const QString &name : names) {
        auto *nameLabel = new QLabel(name + QLatin1Char(':'), this);
        nameLabel->setTextFormat(Qt::PlainText);
        auto *value = new ElidedLabel(this);
        value->setAccessibleName(name);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_facts.append({nameLabel, value});
    }

    auto *statusLine = new QHBoxLayout;
    statusLine->setContentsMargins(0, 0, 0, 0);
    statusLine->addWidget(m_badge, 0, Qt::AlignVCenter);
    statusLine->addWidget(m_callId, 0, Qt::AlignVCenter);
    statusLine->addWidget(m_explanation, 1, Qt::AlignVCenter);
    statusLine->addWidget(m_warning, 1, Qt::AlignVCenter);

    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(8);
    m_grid->setVerticalSpacing(2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(statusLine);
    layout->addLayout(m_grid);
    placeFacts(2);
    clear();
    applyColors();
}

void CallHeader::clear()
{
    m_badge->setStatus(QString(), Theme::Tone::Neutral);
    m_callId->setFullText(QString());
    m_explanation->setFullText(QString());
    m_warning->setFullText(QString());
    m_warning->hide();
    for (int i = 0; i < FactCount; ++i)
        setFact(i, QString());
}

void CallHeader::setCall(const Call &call, const QStringList &problems)
{
    m_badge->setStatus(EnumText::label(EnumField::CallStatus, call.status),
                       Theme::callStatusTone(call.status));
    m_callId->setFullText(call.id);
    const QString explanation = call.status
                                    ? EnumText::explanation(EnumField::CallStatus, *call.status)
                                    : QString();
    m_explanation->setFullText(
        !call.status ? tr("The server sent no status.")
        : explanation.isEmpty()
            ? tr("\"%1\" is a status this version does not know; shown as sent.").arg(*call.status)
            : explanation);
    // On the status line, so that a response that does not add up costs no height of its own.
    m_warning->setFullText(
        problems.isEmpty()
            ? QString()
            : tr("⚠ Inconsistent response: %1").arg(problems.join(QLatin1Char(' '))));
    m_warning->setVisible(!problems.isEmpty());

    setFact(FactReached, reachedText(call));
    const bool noRoute = !call.direction && !call.fromPhoneNumber && !call.toPhoneNumber;
    setFact(FactDirection,
            noRoute ? QStringLiteral("—")
                    : QStringLiteral("%1 · %2 → %3")
                          .arg(EnumText::label(EnumField::Direction, call.direction),
                               Format::optionalText(call.fromPhoneNumber),
                               Format::optionalText(call.toPhoneNumber)),
            call.direction ? EnumText::explanation(EnumField::Direction, *call.direction)
                           : QString());
    setFact(FactCreated, Format::localTime(call.createdAt), timeToolTip(call.createdAt));
    const std::optional<qint64> talk = totalTalkMs(call);
    setFact(FactTalkTime,
            talk ? Format::duration(*talk) : QStringLiteral("—"),
            tr("Summed over the attempts that reached someone or something."));
    setFact(FactAttempts,
            call.callsCount ? Format::number(*call.callsCount)
                            : QString::number(call.callAttempts.size()),
            plural(int(call.callAttempts.size()),
                   tr("%1 attempt in this response"),
                   tr("%1 attempts in this response")));
    setFact(FactScheduled, Format::localTime(call.scheduledAt), timeToolTip(call.scheduledAt));
    setFact(FactCampaign,
            call.campaign ? Format::optionalText(call.campaign->name) : QStringLiteral("—"),
            call.campaign ? Format::optionalText(call.campaign->id) : tr("Not part of a campaign"));
    setFact(FactAssistant,
            call.assistant ? Format::optionalText(call.assistant->name) : QStringLiteral("—"),
            call.assistant ? Format::optionalText(call.assistant->id) : QString());
    setFact(FactModel, Format::llmModel(call.llmModel));
    setFact(FactOrganization, Format::optionalText(call.organizationId));
}

void CallHeader::setFact(int index, const QString &value, const QString &note)
{
    m_facts.at(index).value->setFullText(value, note);
}

QStringList CallHeader::factTexts() const
{
    QStringList lines;
    for (const Fact &fact : m_facts)
        lines.append(fact.name->text() + QLatin1Char(' ') + fact.value->fullText());
    return lines;
}

QString CallHeader::warningText() const
{
    return m_warning->isHidden() ? QString() : m_warning->fullText();
}

void CallHeader::placeFacts(int columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (const Fact &fact : std::as_const(m_facts)) {
        m_grid->removeWidget(fact.name);
        m_grid->removeWidget(fact.value);
    }
    for (int column = 0; column < 2 * 4; ++column)
        m_grid->setColumnStretch(column, 0);
    // Row by row, so the first row holds the facts read first whatever the width.
    for (int i = 0; i < m_facts.size(); ++i) {
        const int row = i / columns;
        const int column = 2 * (i % columns);
        m_grid->addWidget(m_facts.at(i).name, row, column);
        m_grid->addWidget(m_facts.at(i).value, row, column + 1);
    }
    for (int column = 0; column < columns; ++column)
        m_grid->setColumnStretch(2 * column + 1, 1);
}

void CallHeader::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeFacts(std::clamp(width() / ColumnWidth, 2, 4));
}

void CallHeader::applyColors()
{
    QPalette warning = m_warning->palette();
    warning.setColor(QPalette::WindowText, Theme::foreground(Theme::Tone::Warning, palette()));
    m_warning->setPalette(warning);
    const QColor muted = Theme::mix(palette().color(QPalette::WindowText),
                                    palette().color(QPalette::Window),
                                    0.35);
    for (const Fact &fact : std::as_const(m_facts)) {
        QPalette p = fact.name->palette();
        p.setColor(QPalette::WindowText, muted);
        fact.name->setPalette(p);
    }
    QPalette explanation = m_explanation->palette();
    explanation.setColor(QPalette::WindowText, muted);
    m_explanation->setPalette(explanation);
}

void CallHeader::changeEvent(QEvent *event)
{
    // Colours derived from the palette follow a switch between light and dark at run time.
    if (event->type() == QEvent::PaletteChange)
        applyColors();
    QWidget::changeEvent(event);
}

} // namespace Revox
