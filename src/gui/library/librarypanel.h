#pragma once

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QTableView;
class QTimer;

namespace Revox {

class CallLibrary;
class LibraryFilterModel;
class LibraryModel;
class SearchResultModel;

// The saved calls (sortable, filterable) and full-text search over them. Opening a row or a hit
// asks the window to show it; the panel never shows calls itself.
class LibraryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryPanel)

public:
    // Asked before deleting; true to go ahead. Replaceable so tests need no modal dialog.
    using Confirmation = std::function<bool(const QString &title, const QString &question)>;

    explicit LibraryPanel(QWidget *parent = nullptr);
    ~LibraryPanel() override;

    // A closed library (or none) disables the panel and shows why.
    void setLibrary(CallLibrary *library);
    // Marks the call on screen in the list ("" for none).
    void setShownCall(const QString &callId);

    // For tests, which drive the panel through the functions behind its fields and buttons and
    // read what it shows, without a modal dialog.
    void setConfirmation(Confirmation confirmation);
    void setFilterText(const QString &text);
    void search(const QString &text); // at once, without the typing delay
    void selectCall(const QString &callId);
    QString selectedCallId() const;
    bool deleteSelected();
    bool clearAll();
    QString statusText() const;
    LibraryModel *model() const { return m_model; }
    SearchResultModel *searchResults() const { return m_results; }
    QTableView *tableView() const { return m_table; }
    QListView *resultView() const { return m_resultView; }
    QLineEdit *searchEdit() const { return m_searchEdit; }

signals:
    // turnIndex -1 (and attemptId empty) when the whole call is asked for.
    void openRequested(const QString &callId, const QString &attemptId, int turnIndex);

private:
    void runSearch();
    void updateState();

    QPointer<CallLibrary> m_library;
    LibraryModel *m_model = nullptr;
    LibraryFilterModel *m_filter = nullptr;
    SearchResultModel *m_results = nullptr;
    QLabel *m_status = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QListView *m_resultView = nullptr;
    QLabel *m_searchStatus = nullptr;
    QTimer *m_searchDelay = nullptr;
    Confirmation m_confirmation;
    QString m_lastError; // of the last delete or clear
};

} // namespace Revox
