#pragma once

#include "gui/common/theme.h"

#include <QWidget>

namespace Revox {

// A rounded pill with a word and a tone: the status is readable without its colour.
class StatusBadge final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBadge)

public:
    explicit StatusBadge(QWidget *parent = nullptr);

    void setStatus(const QString &text, Theme::Tone tone);
    QString text() const { return m_text; } // public for tests

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QFont badgeFont() const;

    QString m_text;
    Theme::Tone m_tone = Theme::Tone::Neutral;
};

} // namespace Revox
