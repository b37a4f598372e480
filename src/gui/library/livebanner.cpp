#include "gui/library/livebanner.h"

#include "core/api/callwatcher.h"
#include "core/call/enumtext.h"

#include <QHBoxLayout>
#include <QLabel>

namespace Revox {

LiveBanner::LiveBanner(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
{
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_label);
    hide();
}

void LiveBanner::setWatcher(CallWatcher *watcher)
{
    if (m_watcher)
        disconnect(m_watcher, nullptr, this, nullptr);
    m_watcher = watcher;
    hide();
    if (!m_watcher)
        return;
    connect(m_watcher, &CallWatcher::watchingChanged, this, [this](bool watching) {
        if (watching) {
            m_finished = false;
            showText(tr("● Live · waiting for the first refresh"));
        } else if (!m_finished) {
            hide(); // stopped by the user or by opening another call, not by completion
        }
    });
    connect(m_watcher, &CallWatcher::refreshed, this, [this] {
        showText(tr("● Live · last refreshed %1").arg(lastRefreshedText()));
    });
    connect(m_watcher, &CallWatcher::pollFailed, this, &LiveBanner::onFailed);
    connect(m_watcher, &CallWatcher::completed, this, &LiveBanner::onCompleted);
}

void LiveBanner::dismiss()
{
    m_finished = false;
    hide();
}

QString LiveBanner::text() const
{
    return isHidden() ? QString() : m_label->text();
}

void LiveBanner::showText(const QString &text)
{
    m_label->setText(text);
    show();
}

QString LiveBanner::lastRefreshedText() const
{
    const QDateTime at = m_watcher ? m_watcher->lastRefreshed() : QDateTime();
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : tr("never");
}

void LiveBanner::onFailed(const FetchResult &result, int nextPollMs)
{
    const QString shown = m_watcher && m_watcher->lastRefreshed().isValid()
                              ? tr("showing data from %1").arg(lastRefreshedText())
                              : tr("showing the saved data");
    if (nextPollMs < 0) {
        m_finished = true; // stays up: the user needs to know updates stopped
        showText(tr("Live updates stopped: %1 (%2)").arg(result.message, shown));
        return;
    }
    const int seconds = qMax(1, (nextPollMs + 999) / 1000);
    showText(tr("● Live · refresh failed: %1 Retrying in %2 s; %3.")
                 .arg(result.message)
                 .arg(seconds)
                 .arg(shown));
}

void LiveBanner::onCompleted(const FetchResult &result)
{
    m_finished = true;
    const OpenEnum status = result.call ? result.call->status : OpenEnum();
    showText(tr("Finished: %1 · last refreshed %2")
                 .arg(EnumText::label(EnumField::CallStatus, status), lastRefreshedText()));
}

} // namespace Revox
