// The body of the call on screen is kept compressed once it is large; whatever happens, asking
// for it gives back exactly the bytes that were received, never an older call's.
#include "core/call/keptbody.h"

#include <QSignalSpy>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

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
    void preparedBodyIsCompressedWhenSet();
    void preparedBodyThatIsNotSetChangesNothing();
    void destroyedWhilePreparing();
    void smallerBodiesAreNotWaitedFor();
    void snapshotIsReadOnAnotherThread_data();
    void snapshotIsReadOnAnotherThread();
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

void tst_KeptBody::preparedBodyIsCompressedWhenSet()
{
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    const QByteArray body = bigBody(KeptBody::PrepareFrom, 8);
    kept.prepare(body);
    kept.set(body);
    // No event loop needed: the plain copy is let go before set() returns.
    QCOMPARE(compressed.count(), 1);
    QVERIFY(kept.isCompressed());
    QCOMPARE(kept.bytes(), body);
    QVERIFY(!compressed.wait(300)); // and no second result arrives later
}

void tst_KeptBody::preparedBodyThatIsNotSetChangesNothing()
{
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    const QByteArray shown = bigBody(KeptBody::PrepareFrom, 9);
    kept.prepare(shown);
    kept.set(shown);

    // A body that fails to parse: prepared, then discarded; the shown one stays.
    const QByteArray refused = bigBody(KeptBody::PrepareFrom, 10);
    kept.prepare(refused);
    kept.discardPrepared();
    QCOMPARE(kept.bytes(), shown);

    // A prepared body, then a different one set: the set one is compressed on its own, in the
    // background, and nothing of the prepared one leaks in.
    const QByteArray other = bigBody(4 * KeptBody::CompressFrom, 11);
    kept.prepare(bigBody(KeptBody::PrepareFrom, 12));
    kept.set(other);
    QCOMPARE(kept.bytes(), other);
    QVERIFY(compressed.wait());
    QCOMPARE(compressed.count(), 2);
    QCOMPARE(kept.bytes(), other);
}

void tst_KeptBody::destroyedWhilePreparing()
{
    auto kept = std::make_unique<KeptBody>();
    kept->prepare(bigBody(KeptBody::PrepareFrom, 13));
    kept.reset();
    QCoreApplication::processEvents();
}

void tst_KeptBody::smallerBodiesAreNotWaitedFor()
{
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    const QByteArray body = bigBody(4 * KeptBody::CompressFrom, 14);
    QVERIFY(body.size() < KeptBody::PrepareFrom);
    kept.prepare(body);
    kept.set(body);
    QCOMPARE(compressed.count(), 0); // set() returned without waiting for the worker
    QCOMPARE(kept.bytes(), body);
    QVERIFY(compressed.wait());
    QCOMPARE(kept.bytes(), body);
}

void tst_KeptBody::snapshotIsReadOnAnotherThread_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::newRow("kept as is") << KeptBody::CompressFrom / 2;
    QTest::newRow("kept compressed") << 4 * KeptBody::CompressFrom;
}

// What the Raw JSON tab does: takes a snapshot on the GUI thread, expands it on a worker (the
// start of it first), while the kept body may be replaced meanwhile.
void tst_KeptBody::snapshotIsReadOnAnotherThread()
{
    QFETCH(qsizetype, size);
    KeptBody kept;
    QSignalSpy compressed(&kept, &KeptBody::compressed);
    const QByteArray body = bigBody(size, 7);
    kept.set(body);
    if (size >= KeptBody::CompressFrom) {
        QVERIFY(compressed.wait());
        QVERIFY(!kept.snapshot().compressed.isNull());
    }
    const KeptBody::Snapshot snapshot = kept.snapshot();
    QFuture<QList<QByteArray>> read = QtConcurrent::run([snapshot, size] {
        return QList<QByteArray>{snapshot.readStart(1000),
                                 snapshot.readStart(size * 2),
                                 snapshot.read()};
    });
    kept.set(bigBody(size, 8)); // the snapshot still holds what it was taken of
    const QList<QByteArray> bytes = read.result();
    QCOMPARE(bytes.at(0), body.left(1000));
    QCOMPARE(bytes.at(1), body);
    QCOMPARE(bytes.at(2), body);
}

QTEST_GUILESS_MAIN(tst_KeptBody)
#include "tst_keptbody.moc"
