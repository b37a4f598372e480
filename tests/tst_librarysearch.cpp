// What the library's full-text index is given for a turn's text (LibrarySearch::indexText): CJK
// characters made tokens of their own, control characters made spaces, everything else as is.
#include "core/library/librarysearch.h"

#include <QTest>

using namespace Revox;

namespace {
// `|` stands for U+200B ZERO WIDTH SPACE, the separator the index puts around CJK characters.
QString zwsp(const QString &pattern)
{
    QString text = pattern;
    return text.replace(QLatin1Char('|'), QChar(0x200B));
}
} // namespace

class tst_LibrarySearch : public QObject
{
    Q_OBJECT

private slots:
    void indexText_data();
    void indexText();
    void plainTextIsNotCopied();
};

void tst_LibrarySearch::indexText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("indexed");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("plain") << QStringLiteral("Book me for Tuesday.")
                           << QStringLiteral("Book me for Tuesday.");
    QTest::newRow("accents and RTL")
        << QStringLiteral("Très bien, שלום, مرحبا") << QStringLiteral("Très bien, שלום, مرحبا");
    QTest::newRow("emoji (a surrogate pair)")
        << QStringLiteral("ok 👍 done") << QStringLiteral("ok 👍 done");
    QTest::newRow("control characters") << QStringLiteral("a\nb\tc\x01"
                                                          "d\x7f")
                                        << QStringLiteral("a b c d ");
    QTest::newRow("snippet markers cannot be forged")
        << QStringLiteral("\x02x\x03") << QStringLiteral(" x ");
    QTest::newRow("a zero width space of the text's own")
        << zwsp(QStringLiteral("a|b")) << QStringLiteral("a b");
    QTest::newRow("CJK alone") << QStringLiteral("日本") << zwsp(QStringLiteral("日|本|"));
    QTest::newRow("CJK inside latin")
        << QStringLiteral("ab日本cd") << zwsp(QStringLiteral("ab|日|本|cd"));
    QTest::newRow("kana and the prolonged sound mark")
        << QStringLiteral("メール") << zwsp(QStringLiteral("メ|ー|ル|"));
    QTest::newRow("CJK outside the BMP (a surrogate pair)")
        << QStringLiteral("x𠀀y") << zwsp(QStringLiteral("x|𠀀|y"));
    QTest::newRow("a lone surrogate is kept")
        << (QStringLiteral("a") + QChar(0xD800)) << (QStringLiteral("a") + QChar(0xD800));
    QTest::newRow("control after CJK") << QStringLiteral("日\n") << zwsp(QStringLiteral("日| "));
}

void tst_LibrarySearch::indexText()
{
    QFETCH(QString, text);
    QFETCH(QString, indexed);
    QCOMPARE(LibrarySearch::indexText(text), indexed);
}

void tst_LibrarySearch::plainTextIsNotCopied()
{
    const QString text = QStringLiteral("Let me check the calendar for Tuesday at 10.").repeated(100);
    QCOMPARE(LibrarySearch::indexText(text).constData(), text.constData());
}

QTEST_APPLESS_MAIN(tst_LibrarySearch)
#include "tst_librarysearch.moc"
