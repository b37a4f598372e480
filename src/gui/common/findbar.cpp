#include "gui/common/findbar.h"

#include "gui/common/plural.h"
#include "gui/common/theme.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>

namespace Revox {

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Find:"), this);
    label->setBuddy(m_edit);
    m_edit->setPlaceholderText(tr("Find in transcript"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setAccessibleName(tr("Find text"));
    m_edit->installEventFilter(this);
    m_count->setTextFormat(Qt::PlainText);
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(tr("No matches")) + 8);
    m_count->setAccessibleName(tr("Match count"));
    m_previous->setArrowType(Qt::UpArrow);
    m_previous->setToolTip(tr("Previous match (Shift+F3)"));
    m_previous->setAccessibleName(tr("Previous match"));
    m_next->setArrowType(Qt::DownArrow);
    m_next->setToolTip(tr("Next match (F3)"));
    m_next->setAccessibleName(tr("Next match"));
    auto *close = new QToolButton(this);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close find bar (Esc)"));
    close->setAccessibleName(tr("Close find bar"));
    layout->addWidget(label);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_count);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(close);

    connect(m_edit, &QLineEdit::textChanged, this, &FindBar::textChanged);
    connect(m_edit, &QLineEdit::returnPressed, this, &FindBar::nextRequested);
    connect(m_previous, &QToolButton::clicked, this, &FindBar::previousRequested);
    connect(m_next, &QToolButton::clicked, this, &FindBar::nextRequested);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });
    setMatchInfo(-1, 0);
}

QString FindBar::text() const
{
    return m_edit->text();
}

void FindBar::setMatchInfo(int current, int count)
{
    const bool empty = m_edit->text().isEmpty();
    m_previous->setEnabled(count > 0);
    m_next->setEnabled(count > 0);
    if (empty)
        m_count->clear();
    else if (count < 0)
        m_count->setText(tr("Searching…"));
    else if (count == 0)
        m_count->setText(tr("No matches"));
    else if (current < 0)
        m_count->setText(plural(count, tr("%1 match"), tr("%1 matches")));
    else
        m_count->setText(tr("%1 of %2").arg(current + 1).arg(count));
    QPalette palette = m_count->palette();
    palette.setColor(QPalette::WindowText,
                     !empty && count == 0 ? Theme::foreground(Theme::Tone::Bad, this->palette())
                                          : this->palette().color(QPalette::WindowText));
    m_count->setPalette(palette);
}

QString FindBar::matchText() const
{
    return m_count->text();
}

void FindBar::activate()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            hide();
            emit closed();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers() & Qt::ShiftModifier) {
            emit previousRequested();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Revox
