#pragma once

#include <QLabel>

namespace Revox {

// A one-line plain-text label that fits any width: what does not fit ends in "…", and the whole
// text is then in its tooltip. Its size hint asks for the whole text, but it accepts less, so a
// long value never widens its pane or the window.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    // `note` is added to the tooltip (what the value means, the raw value as sent).
    void setFullText(const QString &text, const QString &note = QString());
    QString fullText() const { return m_fullText; }
    bool isElided() const { return text() != m_fullText; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void elide();

    QString m_fullText;
    QString m_note;
};

} // namespace Revox
