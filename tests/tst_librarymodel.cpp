#include "core/call/enumtext.h"
#include "core/call/samplecall.h"
#include "core/library/calllibrary.h"
#include "gui/library/librarymodel.h"
#include "gui/library/librarypanel.h"
#include "gui/library/savedcopybanner.h"
#include "gui/library/searchresultmodel.h"
#include "gui/notifications/completionnotifier.h"
#include "librarytestdata.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using namespace LibraryTestData;

namespace {
const QString SampleId = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");
const QString IntlId = QStringLiteral("call_intl_01");
} // namespace

class tst_LibraryModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void listsSavedCalls();
    void followsTheLibrary();
    void sortsOnRawValues();
    void filters_data();
    void filters();
    void searchResultsArePlainText();
    void panelSearchOpensTheTurn();
    void panelOpensACall();
    void panelDeletesOnlyWhenConfirmed();
    void panelClearsAllWhenConfirmed();
    void panelSaysWhyTheLibraryIsOff();
    void savedCopyBanner();
    void completionNotifierFallsBackInApp();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CallLibrary> m_library;
};

void tst_LibraryModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LibraryModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_library = std::make_unique<CallLibrary>();
    QVERIFY(m_library->open(m_dir->filePath(QStringLiteral("library.sqlite"))));
    QVERIFY(m_library->save(SampleCall::json(), LibraryEntry::Source::Api));
    QVERIFY(m_library->save(multilingualCall(),
                            LibraryEntry::Source::File,
                            QStringLiteral("/x/intl.json")));
}

void tst_LibraryModel::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

void tst_LibraryModel::listsSavedCalls()
{
    LibraryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLibrary(m_library.get());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(LibraryModel::ColumnCount));

    const int row = model.rowOf(SampleId);
    QVERIFY(row >= 0);
    auto cell = [&](LibraryModel::Column column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(cell(LibraryModel::IdColumn).toString(), SampleId);
    QCOMPARE(cell(LibraryModel::ToNumberColumn).toString(), QStringLiteral("+33612345678"));
    QCOMPARE(cell(LibraryModel::StatusColumn).toString(),
             EnumText::label(EnumField::CallStatus, QStringLiteral("completed")));
    QCOMPARE(cell(LibraryModel::StatusColumn, LibraryModel::RawValueRole).toString(),
             QStringLiteral("completed"));
    QCOMPARE(cell(LibraryModel::LastResultColumn).toString(),
             EnumText::label(EnumField::AttemptResult, QStringLiteral("human")));
    QCOMPARE(cell(LibraryModel::LastResultColumn, LibraryModel::RawValueRole).toString(),
             QStringLiteral("human"));
    QCOMPARE(cell(LibraryModel::CampaignColumn).toString(),
             QStringLiteral("November appointment reminders"));
    QCOMPARE(cell(LibraryModel::DateColumn, LibraryModel::RawValueRole).toDateTime(),
             QDateTime(QDate(2025, 11, 12), QTime(8, 58, 47, 201), Qt::UTC));
    QVERIFY(!cell(LibraryModel::DateColumn).toString().isEmpty());
    QCOMPARE(cell(LibraryModel::IdColumn, LibraryModel::SourceRole).toString(),
             QStringLiteral("api"));
    QCOMPARE(model.index(model.rowOf(IntlId), 0).data(LibraryModel::SourceRole).toString(),
             QStringLiteral("file"));
    QCOMPARE(model.headerData(LibraryModel::LastResultColumn, Qt::Horizontal).toString(),
             QStringLiteral("Last result"));
}

void tst_LibraryModel::followsTheLibrary()
{
    LibraryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLibrary(m_library.get());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    QVERIFY(m_library->save(smallCall(QStringLiteral("call_new"),
                                      QStringLiteral("x"),
                                      QStringLiteral("calling")),
                            LibraryEntry::Source::Api));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    const int row = model.rowOf(QStringLiteral("call_new"));
    QCOMPARE(model.index(row, LibraryModel::StatusColumn).data(LibraryModel::RawValueRole).toString(),
             QStringLiteral("calling"));

    QVERIFY(m_library->save(smallCall(QStringLiteral("call_new"), QStringLiteral("x")),
                            LibraryEntry::Source::Api));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(model.rowOf(QStringLiteral("call_new")), LibraryModel::StatusColumn)
                 .data(LibraryModel::RawValueRole)
                 .toString(),
             QStringLiteral("completed"));

    QVERIFY(m_library->remove(SampleId));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowOf(SampleId), -1);
    QVERIFY(m_library->clear());
    QCOMPARE(model.rowCount(), 0);
}

void tst_LibraryModel::sortsOnRawValues()
{
    LibraryModel model;
    model.setLibrary(m_library.get());
    LibraryFilterModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(LibraryModel::DateColumn, Qt::AscendingOrder);
    // 2025-10-01 before 2025-11-12, whatever the local date format.
    QCOMPARE(proxy.index(0, 0).data(LibraryModel::CallIdRole).toString(), IntlId);
    proxy.sort(LibraryModel::DateColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data(LibraryModel::CallIdRole).toString(), SampleId);
    proxy.sort(LibraryModel::ToNumberColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(LibraryModel::CallIdRole).toString(), SampleId);
}

void tst_LibraryModel::filters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("nothing") << QString() << QStringList{SampleId, IntlId};
    QTest::newRow("campaign with accent") << QStringLiteral("ÉTÉ") << QStringList{IntlId};
    QTest::newRow("part of a number") << QStringLiteral("+8131") << QStringList{IntlId};
    QTest::newRow("part of an ID") << QStringLiteral("01jd8") << QStringList{SampleId};
    QTest::newRow("status label") << EnumText::label(EnumField::CallStatus,
                                                     QStringLiteral("completed"))
                                  << QStringList{SampleId, IntlId};
    QTest::newRow("no match") << QStringLiteral("zeppelin") << QStringList{};
    QTest::newRow("regex characters are text") << QStringLiteral(".*") << QStringList{};
}

void tst_LibraryModel::filters()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    LibraryModel model;
    model.setLibrary(m_library.get());
    LibraryFilterModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setFilterText(text);
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids << proxy.index(row, 0).data(LibraryModel::CallIdRole).toString();
    ids.sort();
    expected.sort();
    QCOMPARE(ids, expected);
}

void tst_LibraryModel::searchResultsArePlainText()
{
    QVERIFY(m_library->save(smallCall(QStringLiteral("call_html"),
                                      QStringLiteral("<b>bold</b> <img src=x>")),
                            LibraryEntry::Source::Api));
    SearchResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setHits(m_library->search(QStringLiteral("bold")));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex index = model.index(0);
    const auto snippet = index.data(SearchResultModel::SnippetRole).value<LibrarySearch::Snippet>();
    QVERIFY2(snippet.text.contains(QLatin1String("<b>bold</b> <img src=x>")),
             qPrintable(snippet.text));
    QCOMPARE(snippet.text.mid(snippet.highlights.at(0).first, snippet.highlights.at(0).second),
             QStringLiteral("bold"));
    QVERIFY(index.data(SearchResultModel::HeadingRole).toString().contains(QLatin1String("turn 1")));
    model.setHits({});
    QCOMPARE(model.rowCount(), 0);
}

void tst_LibraryModel::panelSearchOpensTheTurn()
{
    LibraryPanel panel;
    QAbstractItemModelTester tester(panel.searchResults(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setLibrary(m_library.get());
    panel.resize(500, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy open(&panel, &LibraryPanel::openRequested);

    // Typed, as a user would: results come after the typing pause.
    QTest::keyClicks(panel.searchEdit(), QStringLiteral("reunion"));
    QTRY_COMPARE(panel.searchResults()->rowCount(), 1);

    QListView *view = panel.resultView();
    view->setFocus();
    view->setCurrentIndex(panel.searchResults()->index(0));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toString(), IntlId);
    QCOMPARE(open.at(0).at(1).toString(), QStringLiteral("att_intl"));
    QCOMPARE(open.at(0).at(2).toInt(), 0);

    panel.search(QStringLiteral("予約"));
    QCOMPARE(panel.searchResults()->rowCount(), 1);
    QCOMPARE(panel.searchResults()->index(0).data(SearchResultModel::TurnIndexRole).toInt(), 1);
    QVERIFY(!panel.grab().isNull()); // the delegate paints CJK with highlights

    // A newly saved call shows up in the results of the search on screen.
    QVERIFY(m_library->save(smallCall(QStringLiteral("call_jp"), QStringLiteral("予約の件")),
                            LibraryEntry::Source::Api));
    QCOMPARE(panel.searchResults()->rowCount(), 2);
}

void tst_LibraryModel::panelOpensACall()
{
    LibraryPanel panel;
    panel.setLibrary(m_library.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy open(&panel, &LibraryPanel::openRequested);
    panel.selectCall(SampleId);
    QCOMPARE(panel.selectedCallId(), SampleId);
    panel.tableView()->setFocus();
    QTest::keyClick(panel.tableView(), Qt::Key_Return);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toString(), SampleId);
    QCOMPARE(open.at(0).at(2).toInt(), -1);
}

void tst_LibraryModel::panelDeletesOnlyWhenConfirmed()
{
    LibraryPanel panel;
    panel.setLibrary(m_library.get());
    QStringList asked;
    bool answer = false;
    panel.setConfirmation([&](const QString &, const QString &question) {
        asked << question;
        return answer;
    });
    panel.selectCall(IntlId);
    QVERIFY(!panel.deleteSelected());
    QCOMPARE(asked.size(), 1);
    QVERIFY(asked.at(0).contains(IntlId));
    QVERIFY(m_library->load(IntlId));

    answer = true;
    QVERIFY(panel.deleteSelected());
    QVERIFY(!m_library->load(IntlId));
    QCOMPARE(panel.model()->rowCount(), 1);
}

void tst_LibraryModel::panelClearsAllWhenConfirmed()
{
    LibraryPanel panel;
    panel.setLibrary(m_library.get());
    bool answer = false;
    QString question;
    panel.setConfirmation([&](const QString &, const QString &text) {
        question = text;
        return answer;
    });
    QVERIFY(!panel.clearAll());
    QVERIFY(question.contains(QLatin1String("all 2 saved calls")));
    QCOMPARE(m_library->entries().size(), 2);
    answer = true;
    QVERIFY(panel.clearAll());
    QVERIFY(m_library->entries().isEmpty());
    QCOMPARE(panel.model()->rowCount(), 0);
}

void tst_LibraryModel::panelSaysWhyTheLibraryIsOff()
{
    const QString path = m_dir->filePath(QStringLiteral("broken.sqlite"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'z'));
    file.close();
    CallLibrary broken;
    QVERIFY(!broken.open(path));

    LibraryPanel panel;
    panel.setLibrary(&broken);
    QCOMPARE(panel.statusText(), broken.errorString());
    QVERIFY(!panel.tableView()->isEnabled());
    QVERIFY(!panel.searchEdit()->isEnabled());
    QCOMPARE(panel.model()->rowCount(), 0);
    panel.search(QStringLiteral("anything"));
    QCOMPARE(panel.searchResults()->rowCount(), 0);
    QVERIFY(!panel.clearAll());
}

void tst_LibraryModel::savedCopyBanner()
{
    SavedCopyBanner banner;
    QVERIFY(banner.isHidden());
    QSignalSpy refresh(&banner, &SavedCopyBanner::refreshRequested);
    const QDateTime when(QDate(2025, 11, 20), QTime(10, 42), Qt::UTC);
    banner.showSavedCopy(when);
    QVERIFY(!banner.isHidden());
    QCOMPARE(banner.text(),
             QStringLiteral("Saved copy from %1")
                 .arg(when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    QTest::mouseClick(banner.refreshButton(), Qt::LeftButton);
    QCOMPARE(refresh.count(), 1);
}

void tst_LibraryModel::completionNotifierFallsBackInApp()
{
    CompletionNotifier notifier;
    QSignalSpy inApp(&notifier, &CompletionNotifier::inAppMessage);
    QSignalSpy delivered(&notifier, &CompletionNotifier::delivered);
    notifier.notify(QStringLiteral("Call finished"), QStringLiteral("call_x is completed"));
    // The desktop's notification service, where the session bus has one, answers later.
    QVERIFY(delivered.count() == 1 || delivered.wait(10000));
    switch (delivered.at(0).at(1).value<CompletionNotifier::Route>()) {
    case CompletionNotifier::Route::InApp:
        QCOMPARE(inApp.count(), 1);
        QCOMPARE(inApp.at(0).at(1).toString(), QStringLiteral("call_x is completed"));
        break;
    case CompletionNotifier::Route::Tray:
        QVERIFY(CompletionNotifier::systemTrayAvailable());
        QCOMPARE(inApp.count(), 0);
        break;
    case CompletionNotifier::Route::Desktop:
        QCOMPARE(inApp.count(), 0);
        break;
    }
}

QTEST_MAIN(tst_LibraryModel)
#include "tst_librarymodel.moc"
