// Renders the real window on the sample call in a light and a dark palette and saves PNGs into
// <build>/artifacts/ for people to look at; asserts what can be asserted about the pictures.
#include "gui/transcript/transcriptmodel.h"
#include "gui/transcript/transcriptpanel.h"
#include "gui/transcript/transcriptview.h"
#include "gui/window/mainwindow.h"
#include "guitesthelpers.h"
#include "testpalettes.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QPalette>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTest>

using namespace Revox;

namespace {

// Unknown enums, contradicting flags, RTL, emoji, markup, a very long line and a failed tool call
// with no name: what the window must still show legibly.
QByteArray hostileCall()
{
    return TestCalls::editedSample([](QJsonObject &c) {
        c.insert(QStringLiteral("status"), QStringLiteral("paused_by_carrier"));
        c.insert(QStringLiteral("is_completed"), true);
        c.insert(QStringLiteral("created_at"), QJsonObject{});
        c.insert(QStringLiteral("campaign"),
                 QJsonObject{
                     {QStringLiteral("name"), QStringLiteral("حملة نوفمبر 🦷")}});
        QJsonArray attempts = c.value(QStringLiteral("call_attempts")).toArray();
        QJsonObject attempt = attempts.at(0).toObject();
        attempt.insert(QStringLiteral("result"), QStringLiteral("fax-machine"));
        attempt.insert(QStringLiteral("dial_error"), QStringLiteral("no_international_permission"));
        attempt.insert(
            QStringLiteral("transcript"),
            QJsonArray{
                QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                            {QStringLiteral("content"),
                             QStringLiteral(
                                 "Bonjour 👋🏽 <img src=\"http://127.0.0.1:9/x.png\"> "
                                 "<b>not bold</b>")}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                            {QStringLiteral("content"),
                             QStringLiteral("مرحبا، أريد تغيير الموعد إلى يوم الأربعاء من فضلك")}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("supervisor")},
                            {QStringLiteral("content"),
                             QStringLiteral("A role this version does not know.")}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                            {QStringLiteral("content"), QString(900, QLatin1Char('w'))}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                            {QStringLiteral("tool_arguments"), QStringLiteral("{\"broken\": ")},
                            {QStringLiteral("content"),
                             QStringLiteral("TypeError: cannot read properties of undefined")},
                            {QStringLiteral("tool_is_error"), true}},
            });
        attempts.replace(0, attempt);
        c.insert(QStringLiteral("call_attempts"), attempts);
    });
}

// The agent speaks while calling a tool whose first result fails and whose retry succeeds, then
// calls another without a result in the transcript, and a result comes whose call is not there.
QByteArray toolCallsCall()
{
    const auto turn = [](const char *role, const QString &content) {
        return QJsonObject{{QStringLiteral("role"), QString::fromLatin1(role)},
                           {QStringLiteral("content"), content}};
    };
    QJsonObject call = turn("assistant", QStringLiteral("Let me check the calendar for Wednesday."));
    call.insert(QStringLiteral("tool_name"), QStringLiteral("check_availability"));
    call.insert(QStringLiteral("tool_arguments"),
                QJsonObject{{QStringLiteral("date"), QStringLiteral("2025-11-19")},
                            {QStringLiteral("practitioner"), QStringLiteral("pr_481")}});
    QJsonObject failure = turn("tool",
                               QStringLiteral("Timeout: the calendar did not answer within 5 s"));
    failure.insert(QStringLiteral("tool_name"), QStringLiteral("check_availability"));
    failure.insert(QStringLiteral("tool_is_error"), true);
    QJsonObject retry = turn("tool", QStringLiteral("{\"slots\": [\"14:30\", \"16:15\"]}"));
    retry.insert(QStringLiteral("tool_name"), QStringLiteral("check_availability"));
    retry.insert(QStringLiteral("tool_arguments"), QStringLiteral("{\"attempt\": 2}"));
    retry.insert(QStringLiteral("tool_is_error"), false);
    QJsonObject note = turn("assistant", QStringLiteral("I'll note that for the front desk."));
    note.insert(QStringLiteral("tool_name"), QStringLiteral("add_note"));
    note.insert(QStringLiteral("tool_arguments"),
                QJsonObject{{QStringLiteral("text"), QStringLiteral("prefers afternoons")}});
    QJsonObject orphan = turn("tool", QStringLiteral("queued"));
    orphan.insert(QStringLiteral("tool_name"), QStringLiteral("send_sms"));
    return TestCalls::editedSample([&](QJsonObject &c) {
        QJsonArray attempts = c.value(QStringLiteral("call_attempts")).toArray();
        QJsonObject attempt = attempts.at(0).toObject();
        attempt.insert(QStringLiteral("transcript"),
                       QJsonArray{turn("user", QStringLiteral("Could we move it to Wednesday?")),
                                  call,
                                  failure,
                                  retry,
                                  turn("assistant",
                                       QStringLiteral("I have 2:30 p.m. or 4:15 p.m. Which works "
                                                      "better?")),
                                  note,
                                  orphan});
        attempts.replace(0, attempt);
        c.insert(QStringLiteral("call_attempts"), attempts);
    });
}

} // namespace

class tst_Screenshots final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void window_data();
    void window();
    void toolCalls_data();
    void toolCalls();

private:
    QString m_dir;
};

void tst_Screenshots::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    m_dir = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../artifacts"));
    QVERIFY(QDir().mkpath(m_dir));
}

void tst_Screenshots::window_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<QString>("tab");
    QTest::newRow("light-transcript") << false << QStringLiteral("transcript");
    QTest::newRow("dark-transcript") << true << QStringLiteral("transcript");
    QTest::newRow("light-structured") << false << QStringLiteral("structured");
    QTest::newRow("dark-structured") << true << QStringLiteral("structured");
    QTest::newRow("light-voicemail-structured") << false << QStringLiteral("voicemail");
    QTest::newRow("light-empty") << false << QStringLiteral("empty");
    QTest::newRow("light-hostile") << false << QStringLiteral("hostile");
    QTest::newRow("dark-hostile") << true << QStringLiteral("hostile");
}

void tst_Screenshots::window()
{
    QFETCH(bool, dark);
    QFETCH(QString, tab);
    const QPalette original = QApplication::palette();
    QApplication::setPalette(dark ? TestPalettes::dark() : QApplication::style()->standardPalette());

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    if (tab != QLatin1String("empty")) {
        if (tab == QLatin1String("hostile"))
            QVERIFY(window.session()->open(hostileCall(),
                                           CallSession::Origin::File,
                                           QStringLiteral("a hostile call")));
        else
            window.openSampleCall();
        QVERIFY(window.session()->call() != nullptr);
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
        QVERIFY(tabs);
        if (tab == QLatin1String("voicemail"))
            window.session()->selectAttempt(1);
        if (tab == QLatin1String("structured") || tab == QLatin1String("voicemail"))
            tabs->setCurrentWidget(window.findChild<QWidget *>(QStringLiteral("structuredTab")));
        auto *panel = window.findChild<TranscriptPanel *>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->view()->visualRect(panel->proxy()->index(0, 0)).height() > 0);
    }
    QTest::qWait(50);
    const QImage image = window.grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
    const QString path = QDir(m_dir).filePath(QStringLiteral("mainwindow-%1@%2x.png")
                                                  .arg(QString::fromLatin1(QTest::currentDataTag()))
                                                  .arg(window.devicePixelRatio()));
    QVERIFY(image.save(path));
    // The picture must show the palette it was rendered with, not a default light window.
    const QColor corner = image.pixelColor(image.width() / 2, image.height() - 4);
    QCOMPARE(corner.lightnessF() < 0.5, dark);
    QApplication::setPalette(original);
}

void tst_Screenshots::toolCalls_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("collapsed");
    // The small window's transcript has room for a few cards: collapsed to their headers, the
    // call and both results fit; the large one shows them open.
    QTest::newRow("light-1024x700-collapsed") << false << QSize(1024, 700) << true;
    QTest::newRow("dark-1024x700-collapsed") << true << QSize(1024, 700) << true;
    QTest::newRow("light-1024x700") << false << QSize(1024, 700) << false;
    QTest::newRow("light-1920x1080") << false << QSize(1920, 1080) << false;
    QTest::newRow("dark-1920x1080") << true << QSize(1920, 1080) << false;
    // The end: a call with no result in the transcript, and a result whose call is not there.
    QTest::newRow("light-1920x1080-end") << false << QSize(1920, 1080) << false;
}

void tst_Screenshots::toolCalls()
{
    // A call made while speaking, its failed result and the retry: the words in the agent's
    // bubble, the call's card under them, each result naming which one it is.
    QFETCH(bool, dark);
    QFETCH(QSize, size);
    QFETCH(bool, collapsed);
    const QPalette original = QApplication::palette();
    QApplication::setPalette(dark ? TestPalettes::dark() : QApplication::style()->standardPalette());
    MainWindow window;
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.session()->open(toolCallsCall(),
                                   CallSession::Origin::File,
                                   QStringLiteral("tool calls")));
    auto *panel = window.findChild<TranscriptPanel *>();
    QVERIFY(panel);
    QTRY_VERIFY(panel->view()->visualRect(panel->proxy()->index(1, 0)).height() > 0);
    QCOMPARE(panel->statusText(),
             QStringLiteral("7 turns · 3 tool calls · 1 result without its call"));
    if (collapsed)
        panel->model()->setAllExpanded(false);
    const bool end = QByteArray(QTest::currentDataTag()).endsWith("-end");
    // The view lays rows out in batches: the last is scrolled to once it has been laid out.
    QTRY_VERIFY(panel->view()->visualRect(panel->proxy()->index(6, 0)).isValid());
    // Rows keep being laid out between events for a moment after the first ones show, and the
    // scroll position is settled with them: go to the end once they are all laid out.
    QTest::qWait(200);
    if (end)
        panel->view()->scrollToBottom();
    else
        panel->view()->scrollTo(panel->proxy()->index(1, 0), QAbstractItemView::PositionAtTop);
    QTest::qWait(50);
    const QImage image = window.grab().toImage();
    QVERIFY(!image.isNull());
    const QString path = QDir(m_dir).filePath(QStringLiteral("transcript-toolcalls-%1@%2x.png")
                                                  .arg(QString::fromLatin1(QTest::currentDataTag()))
                                                  .arg(window.devicePixelRatio()));
    QVERIFY(image.save(path));
    QApplication::setPalette(original);
}

QTEST_MAIN(tst_Screenshots)
#include "tst_screenshots.moc"
