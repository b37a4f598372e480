#include "gui/response/rawjsonpanel.h"

#include "gui/common/plural.h"
#include "gui/common/theme.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QVBoxLayout>

namespace Revox {

namespace {

// Highlighting every occurrence of "a" in a 10 MB body would cost more than it tells anyone.
constexpr int MaxHighlights = 5000;

QString shownText(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    // Not JSON (an HTML error page, a truncated body): show it exactly as received.
    return error.error == QJsonParseError::NoError
               ? QString::fromUtf8(doc.toJson(QJsonDocument::Indented))
               : QString::fromUtf8(body);
}

} // namespace

RawJsonPanel::RawJsonPanel(QWidget *parent)
    : QWidget(parent)
    , m_find(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_editor(new QPlainTextEdit(this))
{
    m_find->setPlaceholderText(tr("Find in the raw response"));
    m_find->setClearButtonEnabled(true);
    m_find->setAccessibleName(tr("Find in raw JSON"));
    m_count->setTextFormat(Qt::PlainText);
    auto *copy = new QPushButton(tr("&Copy JSON"), this);
    copy->setAccessibleName(tr("Copy raw JSON"));
    copy->setToolTip(tr("Copy the whole response to the clipboard"));
    m_editor->setReadOnly(true);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setAccessibleName(tr("Raw JSON response"));
    m_editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_find, 1);
    top->addWidget(m_count);
    top->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);

    connect(copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(text());
    });
    connect(m_find, &QLineEdit::textChanged, this, [this] {
        highlightAll();
        m_editor->moveCursor(QTextCursor::Start);
        findNext();
    });
    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(); });
}

void RawJsonPanel::setBody(std::function<QByteArray()> body)
{
    m_body = std::move(body);
    m_textStale = true;
    if (isVisible())
        ensureText();
}

void RawJsonPanel::ensureText()
{
    if (!m_textStale)
        return;
    m_textStale = false;
    m_editor->setPlainText(shownText(m_body ? m_body() : QByteArray()));
    highlightAll();
}

void RawJsonPanel::showEvent(QShowEvent *event)
{
    ensureText();
    QWidget::showEvent(event);
}

QString RawJsonPanel::text() const
{
    // Not shown since the body came: the editor still holds the previous text (or none).
    if (m_textStale)
        return shownText(m_body ? m_body() : QByteArray());
    return m_editor->toPlainText();
}

QString RawJsonPanel::matchText() const
{
    return m_count->text();
}

void RawJsonPanel::focusFind()
{
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
}

void RawJsonPanel::highlightAll()
{
    ensureText();
    QList<QTextEdit::ExtraSelection> selections;
    const QString needle = m_find->text();
    m_matchCount = 0;
    if (!needle.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(Theme::matchFill(palette()));
        const QString haystack = m_editor->toPlainText();
        int from = 0;
        while ((from = haystack.indexOf(needle, from, Qt::CaseInsensitive)) >= 0) {
            if (m_matchCount < MaxHighlights) {
                QTextEdit::ExtraSelection selection;
                selection.cursor = QTextCursor(m_editor->document());
                selection.cursor.setPosition(from);
                selection.cursor.setPosition(from + int(needle.size()), QTextCursor::KeepAnchor);
                selection.format = format;
                selections.append(selection);
            }
            ++m_matchCount;
            from += int(needle.size());
        }
    }
    m_editor->setExtraSelections(selections);
    if (needle.isEmpty())
        m_count->clear();
    else if (m_matchCount == 0)
        m_count->setText(tr("No matches"));
    else
        m_count->setText(plural(m_matchCount, tr("%1 match"), tr("%1 matches")));
}

void RawJsonPanel::findNext(bool backwards)
{
    ensureText();
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return;
    const QTextDocument::FindFlags flags = backwards ? QTextDocument::FindBackward
                                                     : QTextDocument::FindFlags();
    if (!m_editor->find(needle, flags)) {
        m_editor->moveCursor(backwards ? QTextCursor::End : QTextCursor::Start);
        m_editor->find(needle, flags);
    }
}

} // namespace Revox
