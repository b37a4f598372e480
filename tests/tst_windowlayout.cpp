// The call page's layout as people use it: the real window with its library attached (as main()
// attaches it), at 1024×700 and 1920×1080, light and dark. Calls of every shape are opened one
// after another and attempts switched: no pane may change size because of the data, the window
// may never need more width than the screen has, and what the user resized is restored.
#include "core/call/samplecall.h"
#include "gui/library/libraryattachment.h"
#include "gui/library/librarymodel.h"
#include "gui/summary/callheader.h"
#include "gui/window/mainwindow.h"
#include "librarytestdata.h"
#include "testpalettes.h"
#include "windowtesthelpers.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Revox;
using WindowTest::child;

namespace {

QByteArray callWith(const QJsonObject &fields)
{
    QJsonObject call{{QStringLiteral("id"), QStringLiteral("call_layout")},
                     {QStringLiteral("status"), QStringLiteral("completed")}};
    for (auto it = fields.begin(); it != fields.end(); ++it)
        call.insert(it.key(), it.value());
    return LibraryTestData::wrap(call);
}

QJsonObject attempt(const QString &id, const QJsonArray &transcript)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("status"), QStringLiteral("completed")},
            {QStringLiteral("result"), QStringLiteral("human")},
            {QStringLiteral("transcript"), transcript}};
}

// What the layout must not let data change. The tabs take what is left of the height: a message
// bar above the page (a warning about the response) takes its height from them, not from these.
struct Panes
{
    int headerHeight = 0;
    int attemptsHeight = 0;
    int recordingHeight = 0;
    int dockWidth = 0;
    QSize window;
    bool operator==(const Panes &other) const
    {
        return headerHeight == other.headerHeight && attemptsHeight == other.attemptsHeight
               && recordingHeight == other.recordingHeight && dockWidth == other.dockWidth
               && window == other.window;
    }
};

char *toString(const Panes &p)
{
    return qstrdup(QStringLiteral("header %1, attempts %2, recording %3, dock %4, window %5×%6")
                       .arg(p.headerHeight)
                       .arg(p.attemptsHeight)
                       .arg(p.recordingHeight)
                       .arg(p.dockWidth)
                       .arg(p.window.width())
                       .arg(p.window.height())
                       .toUtf8()
                       .constData());
}

} // namespace

class tst_WindowLayout final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void panesKeepTheirSizeWhateverTheCall_data();
    void panesKeepTheirSizeWhateverTheCall();
    void resizedPanesAreRestored();
    void libraryMarksTheShownCallAndFitsItsColumns();

private:
    Panes panes() const;
    void openAndSettle(const QByteArray &body, const QString &label);
    void screenshot(const QString &name) const;

    QTemporaryDir m_home;
    std::unique_ptr<MainWindow> m_window;
    QPalette m_lightPalette;
};

void tst_WindowLayout::initTestCase()
{
    QVERIFY(m_home.isValid());
    WindowTest::useOwnSettings(m_home.filePath(QStringLiteral("settings")));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    m_lightPalette = QApplication::style()->standardPalette();
}

void tst_WindowLayout::init()
{
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    QVERIFY(attachLibrary(m_window.get(), m_home.filePath(QStringLiteral("library.sqlite"))));
}

void tst_WindowLayout::cleanup()
{
    m_window.reset();
    QApplication::setPalette(m_lightPalette);
}

Panes tst_WindowLayout::panes() const
{
    Panes p;
    p.headerHeight = child<CallHeader>(*m_window, "callHeader")->height();
    p.attemptsHeight = child<QSplitter>(*m_window, "contentSplitter")->sizes().value(0);
    p.recordingHeight = m_window->recordingArea()->height();
    if (auto *dock = m_window->findChild<QDockWidget *>())
        p.dockWidth = dock->isVisible() ? dock->width() : 0;
    p.window = m_window->size();
    return p;
}

void tst_WindowLayout::openAndSettle(const QByteArray &body, const QString &label)
{
    QVERIFY(m_window->session()->open(body, CallSession::Origin::File, label));
    // Layouts settle over a few passes of the event loop; a size that changes does so by then.
    QTest::qWait(50);
}

void tst_WindowLayout::screenshot(const QString &name) const
{
    QVERIFY(WindowTest::saveScreenshot(*m_window, QStringLiteral("layout-") + name));
}

void tst_WindowLayout::panesKeepTheirSizeWhateverTheCall_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("dark");
    QTest::newRow("1024x700-light") << QSize(1024, 700) << false;
    QTest::newRow("1024x700-dark") << QSize(1024, 700) << true;
    QTest::newRow("1920x1080-light") << QSize(1920, 1080) << false;
    QTest::newRow("1920x1080-dark") << QSize(1920, 1080) << true;
}

void tst_WindowLayout::panesKeepTheirSizeWhateverTheCall()
{
    QFETCH(QSize, size);
    QFETCH(bool, dark);
    if (dark)
        QApplication::setPalette(TestPalettes::dark());
    m_window->resize(size);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const QString tag = QString::fromLatin1(QTest::currentDataTag());

    m_window->openSampleCall();
    QTest::qWait(50);
    const Panes first = panes();
    QCOMPARE(first.window, size);
    QVERIFY2(m_window->minimumSizeHint().width() <= size.width(),
             qPrintable(QString::number(m_window->minimumSizeHint().width())));
    screenshot(tag + QStringLiteral("-sample"));
    // The player keeps usable controls: it used to squeeze its sliders to squares at 1024 px.
    auto *seek = child<QWidget>(*m_window, "seekSlider");
    auto *volume = child<QWidget>(*m_window, "volumeSlider");
    auto *save = child<QWidget>(*m_window, "saveButton");
    QVERIFY2(seek->width() >= 120, qPrintable(QString::number(seek->width())));
    QVERIFY2(volume->width() >= 60, qPrintable(QString::number(volume->width())));
    QVERIFY2(save->width() >= save->sizeHint().width(),
             qPrintable(QStringLiteral("%1 < %2").arg(save->width()).arg(save->sizeHint().width())));

    const QString longName = QStringLiteral("A campaign whose name goes on ").repeated(20);
    const QJsonArray turns{LibraryTestData::turn(QStringLiteral("assistant"), longName)};
    const QList<QPair<QString, QByteArray>> calls{
        {QStringLiteral("no attempts, no campaign, no assistant"), callWith({})},
        {QStringLiteral("a very long campaign name and number"),
         callWith({{QStringLiteral("campaign"), QJsonObject{{QStringLiteral("name"), longName}}},
                   {QStringLiteral("to_phone_number"), QStringLiteral("+3361234567890123456789")},
                   {QStringLiteral("call_attempts"),
                    QJsonArray{attempt(QStringLiteral("att_1"), turns)}}})},
        {QStringLiteral("an inconsistent response"),
         callWith({{QStringLiteral("status"), QStringLiteral("initializing")},
                   {QStringLiteral("is_completed"), true},
                   {QStringLiteral("call_attempts"),
                    QJsonArray{attempt(QStringLiteral("att_1"), turns)}}})},
        {QStringLiteral("an unknown status, an attempt without a transcript"),
         callWith({{QStringLiteral("status"), QStringLiteral("teleported")},
                   {QStringLiteral("call_attempts"),
                    QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("att_x")},
                                           {QStringLiteral("status"), QStringLiteral("odd")}}}}})},
    };
    int shown = 0;
    for (const auto &[label, body] : calls) {
        openAndSettle(body, label);
        screenshot(tag + QStringLiteral("-call%1").arg(++shown));
        QCOMPARE(m_window->session()->callId(), QStringLiteral("call_layout"));
        QCOMPARE(panes(), first);
        QVERIFY2(m_window->minimumSizeHint().width() <= size.width(), qPrintable(label));
    }

    // Switching to an attempt without a transcript, and back, with the keyboard.
    m_window->openSampleCall();
    QTest::qWait(50);
    auto *attempts = child<QTableView>(*m_window, "attemptsView");
    attempts->setFocus();
    QTest::keyClick(attempts, Qt::Key_Down);
    QTest::keyClick(attempts, Qt::Key_Down);
    QTRY_COMPARE(m_window->session()->selectedAttempt(), 2);
    QTest::qWait(50);
    QCOMPARE(panes(), first);
    screenshot(tag + QStringLiteral("-busy-attempt"));
    QTest::keyClick(attempts, Qt::Key_Up);
    QTest::keyClick(attempts, Qt::Key_Up);
    QTRY_COMPARE(m_window->session()->selectedAttempt(), 0);
    QTest::qWait(50);
    QCOMPARE(panes(), first);
}

void tst_WindowLayout::resizedPanesAreRestored()
{
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->openSampleCall();
    auto *splitter = child<QSplitter>(*m_window, "contentSplitter");
    splitter->setSizes({220, 400});
    const QList<int> sizes = splitter->sizes();
    m_window->close();

    // A new start: the window and library as main() makes them, the settings kept.
    m_window.reset();
    m_window = std::make_unique<MainWindow>();
    QVERIFY(attachLibrary(m_window.get(), m_home.filePath(QStringLiteral("library.sqlite"))));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->size(), QSize(1280, 800));
    m_window->openSampleCall();
    QTest::qWait(50);
    QCOMPARE(child<QSplitter>(*m_window, "contentSplitter")->sizes(), sizes);
}

void tst_WindowLayout::libraryMarksTheShownCallAndFitsItsColumns()
{
    m_window->resize(1920, 1080);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    auto *dock = m_window->findChild<QDockWidget *>();
    QVERIFY(dock);
    m_window->resizeDocks({dock}, {650}, Qt::Horizontal);
    auto *table = dock->findChild<QTableView *>();
    QVERIFY(table);
    const QString sampleId = QStringLiteral("call_01JD8X4K2M7QY5ZP3N6RWTB9HE");
    const auto shownRows = [table] {
        QStringList ids;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QModelIndex index = table->model()->index(row, LibraryModel::IdColumn);
            if (index.data(LibraryModel::ShownRole).toBool())
                ids.append(index.data(LibraryModel::CallIdRole).toString());
        }
        return ids;
    };

    m_window->openSampleCall();
    QTRY_COMPARE(shownRows(), QStringList{sampleId});
    const QModelIndexList sample = table->model()->match(table->model()->index(0, 0),
                                                         LibraryModel::CallIdRole,
                                                         sampleId);
    QCOMPARE(sample.size(), 1);
    QVERIFY(sample.constFirst().data(Qt::FontRole).value<QFont>().bold());
    openAndSettle(callWith({}), QStringLiteral("another call"));
    QTRY_COMPARE(shownRows(), QStringList{QStringLiteral("call_layout")});

    // Reopened (the list filled at once): IDs and dates whole in a 650 px dock.
    m_window.reset();
    init();
    m_window->resize(1920, 1080);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    dock = m_window->findChild<QDockWidget *>();
    m_window->resizeDocks({dock}, {650}, Qt::Horizontal);
    QTRY_VERIFY2(dock->width() >= 600, qPrintable(QString::number(dock->width())));
    table = dock->findChild<QTableView *>();
    QTRY_VERIFY(table->model()->rowCount() >= 2);
    const QAbstractItemView *view = table; // sizeHintForColumn() is public here
    for (const int column : {int(LibraryModel::IdColumn), int(LibraryModel::DateColumn)})
        QVERIFY2(table->columnWidth(column) >= view->sizeHintForColumn(column),
                 qPrintable(QStringLiteral("column %1: %2 < %3")
                                .arg(column)
                                .arg(table->columnWidth(column))
                                .arg(view->sizeHintForColumn(column))));
    screenshot(QStringLiteral("library-650"));
}

QTEST_MAIN(tst_WindowLayout)
#include "tst_windowlayout.moc"
