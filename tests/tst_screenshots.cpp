// Renders the real window on the sample call in a light and a dark palette and saves PNGs into
// <build>/artifacts/ for people to look at; asserts what can be asserted about the pictures.
#include "mainwindow.h"
#include "transcriptmodel.h"
#include "transcriptpanel.h"
#include "transcriptview.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPalette>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTest>

using namespace Revox;

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1f, 0x1f, 0x1f);
    const QColor text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
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
    QTest::newRow("light-empty") << false << QStringLiteral("empty");
}

void tst_Screenshots::window()
{
    QFETCH(bool, dark);
    QFETCH(QString, tab);
    const QPalette original = QApplication::palette();
    QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    if (tab != QLatin1String("empty")) {
        window.openSampleCall();
        QVERIFY(window.currentCall().has_value());
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
        QVERIFY(tabs);
        if (tab == QLatin1String("structured"))
            tabs->setCurrentWidget(window.findChild<QWidget *>(QStringLiteral("structuredTab")));
        auto *panel = window.findChild<TranscriptPanel *>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->view()->visualRect(panel->proxy()->index(0, 0)).height() > 0);
    }
    QTest::qWait(50);
    const QImage image = window.grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
    const QString path = QDir(m_dir).filePath(QStringLiteral("mainwindow-%1.png").arg(QString::fromLatin1(QTest::currentDataTag())));
    QVERIFY(image.save(path));
    // The picture must show the palette it was rendered with, not a default light window.
    const QColor corner = image.pixelColor(image.width() / 2, image.height() - 4);
    QCOMPARE(corner.lightnessF() < 0.5, dark);
    QApplication::setPalette(original);
}

QTEST_MAIN(tst_Screenshots)
#include "tst_screenshots.moc"
