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

} // namespace

class tst_Screenshots final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void window_data();
    void window();

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

QTEST_MAIN(tst_Screenshots)
#include "tst_screenshots.moc"
