#pragma once

#include "core/call/keptbody.h"
#include "core/json/jsonlayout.h"
#include "core/json/jsonsearch.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTreeView;

namespace Revox {

class FindBar;
class JsonTextView;
class JsonTreeModel;

// The response as received, re-indented when it is JSON (keys in their order, numbers and strings
// as sent), with a tree of its structure beside it, find and copy. The body is indexed when the
// panel is first shown, on a worker thread for a large one (JsonLayout), and only the lines on
// screen are ever turned into text (JsonTextView).
class RawJsonPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawJsonPanel)

public:
    explicit RawJsonPanel(QWidget *parent = nullptr);
    ~RawJsonPanel() override;

    // The body is asked for (on the GUI thread) when the tab is first shown, so that the panel
    // never holds a copy of its own until then; one kept compressed is expanded by the worker
    // that indexes it (see KeptBody).
    void setBody(std::function<KeptBody::Snapshot()> body);
    // A body at hand, or one that costs little to ask for.
    void setBody(std::function<QByteArray()> body);
    void focusFind();
    void findNext(bool backwards = false);

    // For tests, which read what the panel shows and type into its find field.
    QString text() const;
    QLineEdit *findField() const;
    QString matchText() const;
    JsonTextView *view() const { return m_view; }
    QTreeView *tree() const { return m_tree; }
    JsonTreeModel *treeModel() const { return m_model; }
    // The line above the text when the response is not JSON; empty otherwise.
    QString noteText() const;
    // The whole body is indexed and shown (not only its first lines).
    bool isFormatted() const;

    // Bodies from this size are indexed and searched on a worker thread; smaller ones at once.
    static constexpr qsizetype BackgroundFrom = 1024 * 1024;
    static constexpr qsizetype SearchInBackgroundFrom = 50'000; // lines

signals:
    // The first lines of a body are on screen; formatted() follows when all of it is indexed.
    void linesShown();
    void formatted();
    // Find has counted the matches of the text in the field.
    void searched();

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void startFormatting();
    void showLayout(const JsonLayout &layout);
    void startSearch();
    void showMatches(const QList<JsonMatch> &matches);
    void showMatchCount();
    void copyAll();
    void copyFromTree(bool path);

    FindBar *m_findBar;
    QPushButton *m_copy;
    QLabel *m_note;
    QSplitter *m_splitter;
    QTreeView *m_tree;
    JsonTreeModel *m_model;
    JsonTextView *m_view;

    std::function<KeptBody::Snapshot()> m_body;
    bool m_stale = false; // a body came that is not indexed yet
    JsonLayout m_layout;  // what the view shows: partial while a worker indexes
    QPointer<QFutureWatcher<JsonLayout>> m_formatting;
    QPointer<QFutureWatcher<QList<JsonMatch>>> m_searching;
    QPointer<QFutureWatcher<QString>> m_copying;
    qsizetype m_matchCount = 0;
    bool m_searchPending = false; // the text was typed before the body was indexed
};

} // namespace Revox
