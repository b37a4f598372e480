#include "gui/recording/waveformview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace Revox {

namespace {

constexpr int BarWidth = 2;
constexpr int BarStep = 3; // bar plus gap
constexpr int Margin = 4;
constexpr int LabelWidth = 14; // room for "L"/"R" beside a stereo waveform

QColor mixed(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amountOfB,
                            a.greenF() + (b.greenF() - a.greenF()) * amountOfB,
                            a.blueF() + (b.blueF() - a.blueF()) * amountOfB);
}

} // namespace

WaveformView::WaveformView(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::NoFocus); // the seek slider is the keyboard's way in
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Waveform"));
    setAccessibleDescription(tr("Click to jump to that moment of the recording."));
}

void WaveformView::setWaveform(const Waveform &waveform)
{
    m_waveform = waveform;
    updateGeometry(); // a second lane makes the view taller
    update();
}

Waveform WaveformView::waveform() const
{
    return m_waveform;
}

void WaveformView::setDurationMs(qint64 milliseconds)
{
    m_durationMs = std::max<qint64>(0, milliseconds);
    update();
}

void WaveformView::setPositionMs(qint64 milliseconds)
{
    if (m_positionMs == milliseconds)
        return;
    m_positionMs = milliseconds;
    update();
}

qint64 WaveformView::positionMs() const
{
    return m_positionMs;
}

void WaveformView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

QString WaveformView::placeholderText() const
{
    return m_placeholder;
}

QSize WaveformView::sizeHint() const
{
    return {480, m_waveform.laneCount() > 1 ? 96 : 64};
}

QSize WaveformView::minimumSizeHint() const
{
    return {120, sizeHint().height()};
}

qint64 WaveformView::totalMs() const
{
    return std::max({m_durationMs,
                     m_waveform.durationMs,
                     qint64(m_waveform.bucketCount()) * m_waveform.bucketMs});
}

QRect WaveformView::plotRect() const
{
    const int left = m_waveform.laneCount() > 1 ? LabelWidth : Margin;
    return rect().adjusted(left, Margin, -Margin, -Margin);
}

qint64 WaveformView::timeAt(int x) const
{
    const QRect plot = plotRect();
    if (plot.width() <= 1 || totalMs() <= 0)
        return 0;
    const qreal fraction = std::clamp(qreal(x - plot.left()) / (plot.width() - 1), 0.0, 1.0);
    return qint64(std::llround(fraction * totalMs()));
}

int WaveformView::xAt(qint64 milliseconds) const
{
    const QRect plot = plotRect();
    if (totalMs() <= 0)
        return plot.left();
    const qreal fraction = std::clamp(qreal(milliseconds) / totalMs(), 0.0, 1.0);
    return plot.left() + int(std::lround(fraction * (plot.width() - 1)));
}

void WaveformView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath background;
    background.addRoundedRect(frame, 4, 4);
    painter.fillPath(background, pal.color(QPalette::Base));
    painter.setPen(QPen(mixed(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.18), 1));
    painter.drawPath(background);

    const QRect plot = plotRect();
    if (m_waveform.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }

    painter.setRenderHint(QPainter::Antialiasing, false);
    const int playheadX = xAt(m_positionMs);
    const int lanes = m_waveform.laneCount();
    const int gap = lanes > 1 ? 4 : 0;
    const int laneHeight = (plot.height() - gap * (lanes - 1)) / lanes;
    for (int lane = 0; lane < lanes; ++lane) {
        const QRect laneRect(plot.left(),
                             plot.top() + lane * (laneHeight + gap),
                             plot.width(),
                             laneHeight);
        paintLane(painter, m_waveform.lanes.at(lane), laneRect, playheadX);
        if (lanes > 1) {
            // In the left margin, clear of the bars.
            QFont small = font();
            small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.7));
            painter.setFont(small);
            painter.setPen(pal.color(QPalette::PlaceholderText));
            painter.drawText(QRect(0, laneRect.top(), LabelWidth, laneRect.height()),
                             Qt::AlignCenter,
                             lane == 0 ? tr("L", "left channel") : tr("R", "right channel"));
        }
    }

    const QColor playhead = pal.color(QPalette::Highlight);
    painter.fillRect(QRect(playheadX - 1, plot.top(), 2, plot.height()), playhead);
}

void WaveformView::paintLane(QPainter &painter,
                             const QList<float> &lane,
                             const QRect &rect,
                             int playheadX) const
{
    const QPalette &pal = palette();
    const QColor played = pal.color(QPalette::Highlight);
    const QColor unplayed = mixed(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.45);
    const QColor baseline = mixed(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.15);
    const int center = rect.center().y();
    const int half = std::max(1, rect.height() / 2);
    painter.fillRect(QRect(rect.left(), center, rect.width(), 1), baseline);

    const qint64 total = totalMs();
    const int bucketMs = std::max(1, m_waveform.bucketMs);
    for (int x = rect.left(); x + BarWidth <= rect.right() + 1; x += BarStep) {
        // Every bucket under the bar counts, so short peaks never vanish when zoomed out.
        const qint64 fromMs = total * (x - rect.left()) / std::max(1, rect.width());
        const qint64 toMs = total * (x + BarStep - rect.left()) / std::max(1, rect.width());
        const qsizetype first = qsizetype(fromMs / bucketMs);
        const qsizetype last = std::max(first + 1, qsizetype((toMs + bucketMs - 1) / bucketMs));
        if (first >= lane.size())
            break; // not decoded yet
        float peak = 0.0f;
        for (qsizetype i = first; i < std::min(last, lane.size()); ++i)
            peak = std::max(peak, lane.at(i));
        // A gentle curve so quiet speech stays visible next to loud words.
        const int height = std::max(1, int(std::lround(std::pow(peak, 0.7f) * half)));
        painter.fillRect(QRect(x, center - height, BarWidth, 2 * height),
                         x + BarWidth / 2 <= playheadX ? played : unplayed);
    }
}

void WaveformView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || totalMs() <= 0)
        return QWidget::mousePressEvent(event);
    m_dragging = true;
    emit seekRequested(timeAt(event->position().toPoint().x()));
}

void WaveformView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return QWidget::mouseMoveEvent(event);
    emit seekRequested(timeAt(event->position().toPoint().x()));
}

void WaveformView::mouseReleaseEvent(QMouseEvent *event)
{
    m_dragging = false;
    QWidget::mouseReleaseEvent(event);
}

} // namespace Revox
