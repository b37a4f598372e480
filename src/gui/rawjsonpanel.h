#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Revox {

// The response as received, pretty-printed when it is JSON, with find and copy.
class RawJsonPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawJsonPanel)

public:
    explicit RawJsonPanel(QWidget *parent = nullptr);

    void setBody(const QByteArray &body);
    QString text() const;
    QLineEdit *findField() const { return m_find; }
    QPlainTextEdit *editor() const { return m_editor; }
    QString matchText() const;
    void focusFind();
    void findNext(bool backwards = false);

private:
    void highlightAll();

    QLineEdit *m_find;
    QLabel *m_count;
    QPlainTextEdit *m_editor;
    int m_matchCount = 0;
};

} // namespace Revox
