#include "gui/summary/statusbadge.h"

#include <QPainter>

namespace Revox {

StatusBadge::StatusBadge(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(tr("Call status"));
}

void StatusBadge::setStatus(const QString &text, Theme::Tone tone)
{
    m_text = text;
    m_tone = tone;
    setAccessibleDescription(text);
    updateGeometry();
    update();
}

QFont StatusBadge::badgeFont() const
{
    QFont f = font();
    f.setBold(true);
    return f;
}

QSize StatusBadge::sizeHint() const
{
    const QFontMetrics fm(badgeFont());
    return QSize(fm.horizontalAdvance(m_text) + fm.height() * 3 / 2, fm.height() + fm.height() / 2);
}

void StatusBadge::paintEvent(QPaintEvent *)
{
    if (m_text.isEmpty())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const QColor accent = Theme::foreground(m_tone, palette());
    painter.setPen(QPen(accent, 1));
    painter.setBrush(Theme::fill(m_tone, palette()));
    painter.drawRoundedRect(box, box.height() / 2, box.height() / 2);
    painter.setFont(badgeFont());
    painter.setPen(Theme::isDark(palette()) ? accent.lighter(115) : accent.darker(115));
    painter.drawText(box, Qt::AlignCenter | Qt::TextSingleLine, m_text);
}

} // namespace Revox
