#include "gui/common/messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace Revox {

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
    , m_action(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setAccessibleName(tr("Message"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_retry->setAccessibleName(tr("Retry"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(m_retry, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_retry, &QPushButton::clicked, this, &MessageBar::retryRequested);
    connect(m_action, &QPushButton::clicked, this, &MessageBar::actionRequested);
    connect(m_close, &QToolButton::clicked, this, &MessageBar::dismiss);
    hide();
}

void MessageBar::showMessage(const QString &text,
                             Theme::Tone tone,
                             bool offerRetry,
                             const QString &actionLabel)
{
    m_tone = tone;
    m_text->setText(text);
    m_retry->setVisible(offerRetry);
    m_action->setText(actionLabel);
    m_action->setAccessibleName(QString(actionLabel).remove(QLatin1Char('&')));
    m_action->setVisible(!actionLabel.isEmpty());
    const QStyle::StandardPixmap pixmap = tone == Theme::Tone::Bad ? QStyle::SP_MessageBoxCritical
                                          : tone == Theme::Tone::Warning
                                              ? QStyle::SP_MessageBoxWarning
                                              : QStyle::SP_MessageBoxInformation;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    setAccessibleDescription(text);
    show();
    update();
}

void MessageBar::dismiss()
{
    hide();
    m_text->clear();
}

QString MessageBar::text() const
{
    return isHidden() ? QString() : m_text->text();
}

bool MessageBar::isRetryOffered() const
{
    return !isHidden() && !m_retry->isHidden();
}

void MessageBar::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = Theme::foreground(m_tone, palette());
    painter.setPen(QPen(accent, 1));
    painter.setBrush(Theme::fill(m_tone, palette()));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

} // namespace Revox
