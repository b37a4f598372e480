#pragma once

#include "core/json/jsonlayout.h"
#include "core/json/jsonsearch.h"

#include <QAbstractScrollArea>
#include <QList>

namespace Revox {

// The re-indented response, painted a line at a time from its JsonLayout: only the lines on
// screen are ever turned into text, so 1.5 million lines open and scroll like fifty. Plain text
// only (QPainter::drawText never reads markup). Whole lines are selected, with the mouse or
// Shift and the arrows, and copied with Ctrl+C; find matches are painted over the text, the
// current one in the palette's highlight.
class JsonTextView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonTextView)

public:
    explicit JsonTextView(QWidget *parent = nullptr);

    // After a partial layout, one with at least as many lines (more of the same body, or all of
    // it) keeps the scroll position, the selection and the matches; anything else starts from
    // the top with none.
    void setJson(const JsonLayout &layout);
    const JsonLayout &json() const { return m_layout; }
    // Shown, quietly, while there are no lines ("Formatting the response…").
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

    // Sorted as JsonSearch::find() returns them; each `length` UTF-16 units long.
    void setMatches(QList<JsonMatch> matches, int length);
    // Makes a match current (-1: none) and scrolls to it.
    void setCurrentMatch(qsizetype index);
    qsizetype currentMatch() const { return m_current; }
    QString currentMatchText() const;

    // Lines from `anchor` to `cursor`, either way round; scrolls the cursor line into view.
    void selectLines(qsizetype anchor, qsizetype cursor);
    void clearSelection();
    bool hasSelection() const { return m_anchor >= 0; }
    qsizetype cursorLine() const { return m_cursor; }
    // The selected lines as shown, one per line (the cursor line when none is selected).
    QString selectedText() const;
    void copy() const;

    // A key that types a character (a letter, a digit, not Space): it belongs to the widget with
    // focus, never to a window's single-key shortcut such as the recording player's J, K and L.
    static bool isTyping(const QKeyEvent *key);

    qsizetype firstVisibleLine() const;
    int visibleLineCount() const;
    // Scrolls so that `line` is on screen, centred if it was not.
    void scrollToLine(qsizetype line);
    // As scrollToLine(), and sideways to where the line's text starts if that is off screen.
    void revealLine(qsizetype line);

signals:
    void selectionChanged();

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    int lineHeight() const;
    int charWidth() const;
    qsizetype lineAt(int y) const;
    void moveCursor(qsizetype line, bool extend);
    void updateScrollBars();
    void paintLine(QPainter &painter, qsizetype line, int y, qsizetype &match) const;
    qreal xOf(const QString &text, qsizetype column) const;

    JsonLayout m_layout;
    QString m_placeholder;
    QList<JsonMatch> m_matches;
    int m_matchLength = 0;
    qsizetype m_current = -1;
    qsizetype m_anchor = -1; // -1: nothing selected
    qsizetype m_cursor = -1;
    bool m_dragging = false;
};

} // namespace Revox
