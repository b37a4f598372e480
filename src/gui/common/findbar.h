#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace Revox {

// A find-as-you-type strip: text field, "3 of 12", previous/next, close. Whoever owns the
// searched view does the searching and reports back through setMatchInfo().
class FindBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindBar)

public:
    explicit FindBar(QWidget *parent = nullptr);

    QString text() const;
    // current is 0-based, -1 when no match is current; count -1: still searching.
    void setMatchInfo(int current, int count);
    void activate(); // show, focus and select the text

    // For tests, which type into the field and read the "3 of 12" it shows.
    QLineEdit *lineEdit() const { return m_edit; }
    QString matchText() const;

signals:
    void textChanged(const QString &text);
    void nextRequested();
    void previousRequested();
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLineEdit *m_edit;
    QLabel *m_count;
    QToolButton *m_previous;
    QToolButton *m_next;
};

} // namespace Revox
