// A large call opened in the real window is read on a worker: the window says "Opening …" and
// keeps answering, shows the call when it is read, and Esc stops it, keeping what was shown.
#include "core/call/samplecall.h"
#include "gui/window/mainwindow.h"
#include "librarytestdata.h"
#include "windowtesthelpers.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

using namespace Revox;
using WindowTest::child;

class tst_WindowOpening : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void largeFileOpensWhileTheWindowAnswers();
    void escapeStopsTheOpening();

private:
    QString writeLargeCall(const QString &id);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void tst_WindowOpening::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_WindowOpening::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_WindowOpening::cleanup()
{
    m_window.reset();
    QThreadPool::globalInstance()->waitForDone();
    m_dir.reset();
}

QString tst_WindowOpening::writeLargeCall(const QString &id)
{
    const QString path = m_dir->filePath(id + QStringLiteral(".json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(LibraryTestData::longCall(id, 40000)) < 0
        || !file.flush())
        return {};
    return path;
}

void tst_WindowOpening::largeFileOpensWhileTheWindowAnswers()
{
    const QString path = writeLargeCall(QStringLiteral("call_large"));
    QVERIFY(!path.isEmpty());
    QSignalSpy changed(m_window->session(), &CallSession::callChanged);
    // Ticks of a timer on the GUI thread while the call is read: a parse on this thread would
    // let none through until it is done.
    int ticks = 0;
    QTimer heartbeat;
    heartbeat.setInterval(1);
    connect(&heartbeat, &QTimer::timeout, this, [&] { ++ticks; });
    heartbeat.start();

    QVERIFY(m_window->openFile(path));
    QCOMPARE(changed.size(), 0);
    QVERIFY(m_window->isFetching()); // the busy line with its Cancel button
    QCOMPARE(child<QLabel>(*m_window, "fetchStatusLabel")->text(),
             QStringLiteral("Opening call_large.json…"));
    QVERIFY(child<QPushButton>(*m_window, "cancelButton")->isVisible());
    QVERIFY(changed.wait(30000));
    const int ticksWhileOpening = ticks;

    QVERIFY(!m_window->isFetching());
    QCOMPARE(m_window->session()->callId(), QStringLiteral("call_large"));
    QCOMPARE(WindowTest::transcriptTexts(*m_window).size(), 40000);
    QVERIFY2(ticksWhileOpening > 0, "the event loop never ran while the call was read");
    // Remembered among the recent calls once it was shown.
    QVERIFY(QSettings()
                .value(QStringLiteral("recent/items"))
                .toStringList()
                .join(QLatin1Char(' '))
                .contains(QStringLiteral("call_large.json")));
}

void tst_WindowOpening::escapeStopsTheOpening()
{
    m_window->openSampleCall();
    const QString sampleId = m_window->session()->callId();
    QVERIFY(!sampleId.isEmpty());
    const QString path = writeLargeCall(QStringLiteral("call_stopped"));
    QSignalSpy changed(m_window->session(), &CallSession::callChanged);

    QVERIFY(m_window->openFile(path));
    QVERIFY(m_window->isFetching());
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(!m_window->isFetching());
    QVERIFY(!m_window->session()->isOpening());

    // The parse ends unobserved; the call on screen stays.
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(m_window->session()->callId(), sampleId);
    QCOMPARE(m_window->windowTitle().contains(sampleId), true);
}

QTEST_MAIN(tst_WindowOpening)
#include "tst_windowopening.moc"
