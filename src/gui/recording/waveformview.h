#pragma once

#include "media/waveform.h"

#include <QWidget>

namespace Revox {

// Draws a recording's Waveform (one lane for mono, two for stereo) with a playhead; clicking or
// dragging asks to seek there. Colours come from the palette, so light and dark themes both work.
class WaveformView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaveformView)

public:
    explicit WaveformView(QWidget *parent = nullptr);

    void setWaveform(const Waveform &waveform);
    Waveform waveform() const;
    // The recording's length as the player knows it; the waveform may still be partial.
    void setDurationMs(qint64 milliseconds);
    void setPositionMs(qint64 milliseconds);
    // Shown instead of an empty waveform ("Loading recording…", "No waveform: …").
    void setPlaceholderText(const QString &text);

    // For tests, which read the playhead and the notice and click at a time.
    qint64 positionMs() const;
    QString placeholderText() const;
    int xAt(qint64 milliseconds) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void seekRequested(qint64 milliseconds);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    qint64 timeAt(int x) const;
    qint64 totalMs() const;
    QRect plotRect() const;
    void paintLane(QPainter &painter,
                   const QList<float> &lane,
                   const QRect &rect,
                   int playheadX) const;

    Waveform m_waveform;
    qint64 m_durationMs = 0;
    qint64 m_positionMs = 0;
    QString m_placeholder;
    bool m_dragging = false;
};

} // namespace Revox
