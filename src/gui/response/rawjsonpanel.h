#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Revox {

// The response as received, pretty-printed when it is JSON, with find and copy. The text is
// built when the panel is first shown (or asked for): for a long call, pretty-printing and laying
// out the whole response cost more than everything else on the first screen together.
class RawJsonPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawJsonPanel)

public:
    explicit RawJsonPanel(QWidget *parent = nullptr);

    // The body is asked for when the tab is first shown, so that the panel never holds a copy of
    // its own (see KeptBody).
    void setBody(std::function<QByteArray()> body);
    void focusFind();
    void findNext(bool backwards = false);

    // For tests, which read what the panel shows and type into its find field.
    QString text() const;
    QLineEdit *findField() const { return m_find; }
    QPlainTextEdit *editor() const { return m_editor; }
    QString matchText() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void highlightAll();
    // Fills the editor from m_body if a new body came since it was last filled.
    void ensureText();

    QLineEdit *m_find;
    QLabel *m_count;
    QPlainTextEdit *m_editor;
    int m_matchCount = 0;
    std::function<QByteArray()> m_body;
    bool m_textStale = false;
};

} // namespace Revox
