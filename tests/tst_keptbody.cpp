// The body of the call on screen is kept compressed once it is large; whatever happens, asking
// for it gives back exactly the bytes that were received, never an older call's.
#include "keptbody.h"

#include <QSignalSpy>
#include <QTest>

using namespace Revox;

namespace {

// JSON-like text of about `bytes` bytes, different for each `seed`.
QByteArray bigBody(qsizetype bytes, int seed)
{
    QByteArray out = "{\"call\":{\"id\":\"call-" + QByteArray::number(seed) + "\",\"transcript\":[";
    for (int i = 0; out.size() < bytes; ++i)
        out += "{\"role\":\"user\",\"content\":\"turn " + QByteArray::number(i * seed)
               + " of the call\"},";
    out.chop(1);
    return out + "]}}";
}

} // namespace

class tst_KeptBody : public QObject
{
    Q_OBJECT

private slots:
    void smallBodyIsKeptAsIs();
    void largeBodyIsCompressedAndComesBackExactly();
    void newerBodyWinsOverAnEarlierCompression();
    void smallBodyReplacingALargeOne();
    void destroyedWhileCompressing();
};

void tst_KeptBody::smallBodyIsKeptAsIs()
{
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    const QByteArray body = bigBody(KeptBody::CompressFrom / 2, 1);
    kept.set(body);
    QVERIFY(!compressed.wait(300));
    QVERIFY(!kept.isCompressed());
    QCOMPARE(kept.bytes(), body);
}

void tst_KeptBody::largeBodyIsCompressedAndComesBackExactly()
{
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    const QByteArray body = bigBody(4 * KeptBody::CompressFrom, 2);
    kept.set(body);
    QCOMPARE(kept.bytes(), body); // before the worker is done too
    QVERIFY(compressed.wait());
    QVERIFY(kept.isCompressed());
    QCOMPARE(kept.bytes(), body);
}

void tst_KeptBody::newerBodyWinsOverAnEarlierCompression()
{
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    const QByteArray first = bigBody(4 * KeptBody::CompressFrom, 3);
    const QByteArray second = bigBody(4 * KeptBody::CompressFrom, 4);
    kept.set(first);
    kept.set(second);
    QVERIFY(compressed.wait());
    QCOMPARE(kept.bytes(), second);
    QVERIFY(!compressed.wait(300)); // the first body's result, if it came, was dropped
    QCOMPARE(kept.bytes(), second);
}

void tst_KeptBody::smallBodyReplacingALargeOne()
{
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    kept.set(bigBody(4 * KeptBody::CompressFrom, 5));
    const QByteArray small = bigBody(1000, 6);
    kept.set(small);
    QVERIFY(!compressed.wait(500));
    QVERIFY(!kept.isCompressed());
    QCOMPARE(kept.bytes(), small);
}

void tst_KeptBody::destroyedWhileCompressing()
{
    auto kept = std::make_unique<KeptBody>();
    kept->set(bigBody(16 * KeptBody::CompressFrom, 7));
    kept.reset(); // waits for the worker; its result must go nowhere
    QCoreApplication::processEvents();
}

QTEST_GUILESS_MAIN(tst_KeptBody)
#include "tst_keptbody.moc"
