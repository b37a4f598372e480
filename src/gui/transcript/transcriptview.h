#pragma once

#include <QListView>

namespace Revox {

class TranscriptDelegate;

// The transcript list: a delegate paints each turn; keyboard toggles tool cards (Space/Enter,
// Left/Right) and Ctrl+C copies the selected turns as plain text.
class TranscriptView final : public QListView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptView)

public:
    explicit TranscriptView(QWidget *parent = nullptr);

    TranscriptDelegate *transcriptDelegate() const { return m_delegate; } // public for tests
    void setModel(QAbstractItemModel *model) override;
    // Copies the selected turns in transcript order, as plain text separated by blank lines.
    void copySelection() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QString selectedText() const;
    // Re-measures every row, e.g. after all cards were expanded or collapsed at once.
    void relayout();

    TranscriptDelegate *m_delegate;
};

} // namespace Revox
