#include "media/waveform.h"
#include "media/waveformdecoder.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace Revox;

class tst_Waveform : public QObject
{
    Q_OBJECT

private slots:
    void sampleFormats_data();
    void sampleFormats();
    void bucketsFollowTime();
    void sampleRateChangeKeepsTime();
    void extraChannelsFoldIntoTwoLanes();
    void brokenFloatsStayInRange();
    void decodesGeneratedTones_data();
    void decodesGeneratedTones();
    void bundledSampleIsSpeech();
    void undecodableBytesFail_data();
    void undecodableBytesFail();
    void restartDropsTheOldRecording();
    void audioFoundComesFirst();

private:
    static QByteArray fixture(const QString &name);
};

QByteArray tst_Waveform::fixture(const QString &name)
{
    QFile file(QStringLiteral(REVOX_TEST_DATA_DIR "/audio/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    return file.readAll();
}

namespace {

QAudioFormat format(QAudioFormat::SampleFormat sampleFormat, int channels, int rate = 8000)
{
    QAudioFormat format;
    format.setSampleFormat(sampleFormat);
    format.setChannelCount(channels);
    format.setSampleRate(rate);
    return format;
}

// `seconds` of a sine at `levels[channel]` of full scale, interleaved, in `sampleFormat`.
QByteArray sine(QAudioFormat::SampleFormat sampleFormat,
                const QList<double> &levels,
                double seconds,
                int rate = 8000)
{
    const int channels = int(levels.size());
    const int frames = int(seconds * rate);
    QByteArray bytes;
    for (int i = 0; i < frames; ++i) {
        const double wave = std::sin(2 * M_PI * 440 * i / rate);
        for (int c = 0; c < channels; ++c) {
            const double value = wave * levels.at(c);
            switch (sampleFormat) {
            case QAudioFormat::UInt8: {
                const quint8 s = quint8(std::lround(128 + value * 127));
                bytes.append(reinterpret_cast<const char *>(&s), sizeof s);
                break;
            }
            case QAudioFormat::Int16: {
                const qint16 s = qint16(std::lround(value * 32767));
                bytes.append(reinterpret_cast<const char *>(&s), sizeof s);
                break;
            }
            case QAudioFormat::Int32: {
                const qint32 s = qint32(std::llround(value * 2147483647.0));
                bytes.append(reinterpret_cast<const char *>(&s), sizeof s);
                break;
            }
            case QAudioFormat::Float: {
                const float s = float(value);
                bytes.append(reinterpret_cast<const char *>(&s), sizeof s);
                break;
            }
            default:
                break;
            }
        }
    }
    return bytes;
}

float lanePeak(const Waveform &waveform, int lane)
{
    float peak = 0;
    for (float level : waveform.lanes.at(lane))
        peak = std::max(peak, level);
    return peak;
}

} // namespace

void tst_Waveform::sampleFormats_data()
{
    QTest::addColumn<int>("sampleFormat");
    QTest::addColumn<QList<double>>("levels");

    QTest::newRow("UInt8 mono") << int(QAudioFormat::UInt8) << QList<double>{0.5};
    QTest::newRow("Int16 mono") << int(QAudioFormat::Int16) << QList<double>{0.5};
    QTest::newRow("Int16 stereo") << int(QAudioFormat::Int16) << QList<double>{0.8, 0.3};
    QTest::newRow("Int32 stereo") << int(QAudioFormat::Int32) << QList<double>{0.25, 0.9};
    QTest::newRow("Float mono") << int(QAudioFormat::Float) << QList<double>{0.5};
    QTest::newRow("Float stereo, right silent")
        << int(QAudioFormat::Float) << QList<double>{0.7, 0.0};
    QTest::newRow("Int16 full scale") << int(QAudioFormat::Int16) << QList<double>{1.0};
}

void tst_Waveform::sampleFormats()
{
    QFETCH(int, sampleFormat);
    QFETCH(QList<double>, levels);
    const auto sf = QAudioFormat::SampleFormat(sampleFormat);
    const QByteArray pcm = sine(sf, levels, 1.0);
    WaveformAccumulator accumulator(20);
    // In uneven chunks, as decoders deliver them.
    const int frameBytes = format(sf, int(levels.size())).bytesPerFrame();
    qsizetype offset = 0;
    for (int chunk = 37; offset < pcm.size(); chunk = chunk * 3 % 1000 + 1) {
        const qsizetype bytes = std::min<qsizetype>(chunk * frameBytes, pcm.size() - offset);
        QVERIFY(accumulator.add(format(sf, int(levels.size())), pcm.constData() + offset, bytes));
        offset += bytes;
    }
    const Waveform waveform = accumulator.waveform(true);
    QCOMPARE(waveform.laneCount(), levels.size());
    QCOMPARE(waveform.bucketCount(), 50);
    QCOMPARE(waveform.durationMs, 1000);
    QVERIFY(waveform.complete);
    for (int lane = 0; lane < levels.size(); ++lane) {
        QVERIFY2(std::abs(lanePeak(waveform, lane) - levels.at(lane)) < 0.02,
                 qPrintable(QStringLiteral("lane %1: %2").arg(lane).arg(lanePeak(waveform, lane))));
        // A steady tone is steady in every bucket, not only at its loudest.
        for (float level : waveform.lanes.at(lane))
            QVERIFY(std::abs(level - levels.at(lane)) < 0.05);
    }
}

void tst_Waveform::bucketsFollowTime()
{
    WaveformAccumulator accumulator(100);
    QByteArray pcm = sine(QAudioFormat::Int16, {0.0}, 0.5);
    pcm += sine(QAudioFormat::Int16, {0.9}, 0.3);
    const QAudioFormat f = format(QAudioFormat::Int16, 1);
    QVERIFY(accumulator.add(f, pcm.constData(), pcm.size()));
    const Waveform waveform = accumulator.waveform(false);
    QCOMPARE(waveform.bucketCount(), 8);
    QVERIFY(!waveform.complete);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(waveform.lanes.at(0).at(i), 0.0f);
    for (int i = 5; i < 8; ++i)
        QVERIFY(waveform.lanes.at(0).at(i) > 0.85f);
}

void tst_Waveform::sampleRateChangeKeepsTime()
{
    WaveformAccumulator accumulator(100);
    const QByteArray first = sine(QAudioFormat::Int16, {0.5}, 0.5, 8000);
    const QByteArray second = sine(QAudioFormat::Int16, {0.5}, 0.5, 48000);
    QVERIFY(accumulator.add(format(QAudioFormat::Int16, 1, 8000), first.constData(), first.size()));
    QVERIFY(
        accumulator.add(format(QAudioFormat::Int16, 1, 48000), second.constData(), second.size()));
    const Waveform waveform = accumulator.waveform(true);
    QCOMPARE(waveform.durationMs, 1000);
    QCOMPARE(waveform.bucketCount(), 10);
}

void tst_Waveform::extraChannelsFoldIntoTwoLanes()
{
    WaveformAccumulator accumulator;
    const QByteArray pcm = sine(QAudioFormat::Float, {0.1, 0.2, 0.6, 0.3}, 0.2);
    QVERIFY(accumulator.add(format(QAudioFormat::Float, 4), pcm.constData(), pcm.size()));
    const Waveform waveform = accumulator.waveform(true);
    QCOMPARE(waveform.laneCount(), 2);
    QVERIFY(std::abs(lanePeak(waveform, 0) - 0.1f) < 0.02);
    QVERIFY(std::abs(lanePeak(waveform, 1) - 0.6f) < 0.02);
}

void tst_Waveform::brokenFloatsStayInRange()
{
    WaveformAccumulator accumulator;
    const float samples[] = {0.2f, 7.5f, -3.0f, std::nanf(""), 0.1f, 0.0f};
    QVERIFY(accumulator.add(format(QAudioFormat::Float, 1),
                            reinterpret_cast<const char *>(samples),
                            sizeof samples));
    QCOMPARE(accumulator.waveform(true).peak(), 1.0f);
    QVERIFY(
        !accumulator.add(QAudioFormat(), reinterpret_cast<const char *>(samples), sizeof samples));
}

void tst_Waveform::decodesGeneratedTones_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<double>>("levels");
    QTest::addColumn<qint64>("durationMs");

    // Vorbis is lossy: its peaks overshoot a little (sox measures 0.52 for 0.5, 0.86 for 0.8).
    QTest::newRow("WAV mono Int16")
        << QStringLiteral("tone-mono.wav") << QList<double>{0.5} << qint64(3000);
    QTest::newRow("Ogg Vorbis mono Float")
        << QStringLiteral("tone-mono.ogg") << QList<double>{0.5} << qint64(3000);
    QTest::newRow("WAV stereo") << QStringLiteral("tone-stereo.wav") << QList<double>{0.8, 0.3}
                                << qint64(3000);
    QTest::newRow("Ogg Vorbis stereo")
        << QStringLiteral("tone-stereo.ogg") << QList<double>{0.8, 0.3} << qint64(3000);
    QTest::newRow("Ogg Vorbis 10 s")
        << QStringLiteral("tone-10s.ogg") << QList<double>{0.5} << qint64(10000);
}

void tst_Waveform::decodesGeneratedTones()
{
    QFETCH(QString, file);
    QFETCH(QList<double>, levels);
    QFETCH(qint64, durationMs);
    WaveformDecoder decoder;
    QSignalSpy updated(&decoder, &WaveformDecoder::updated);
    QSignalSpy failed(&decoder, &WaveformDecoder::failed);
    decoder.start(fixture(file));
    QVERIFY(decoder.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!updated.isEmpty()
                                 && updated.constLast().at(0).value<Waveform>().complete,
                             20000);
    QVERIFY(failed.isEmpty());
    QVERIFY(!decoder.isRunning());
    const Waveform waveform = decoder.waveform();
    QVERIFY(waveform.complete);
    QCOMPARE(waveform.laneCount(), levels.size());
    const int expectedBuckets = int(durationMs / Waveform::DefaultBucketMs);
    QVERIFY2(std::abs(waveform.bucketCount() - expectedBuckets) <= 1,
             qPrintable(QString::number(waveform.bucketCount())));
    QVERIFY2(std::abs(waveform.durationMs - durationMs) <= 30,
             qPrintable(QString::number(waveform.durationMs)));
    for (int lane = 0; lane < levels.size(); ++lane) {
        const float peak = lanePeak(waveform, lane);
        QVERIFY2(peak > levels.at(lane) - 0.05 && peak < levels.at(lane) + 0.08,
                 qPrintable(QStringLiteral("lane %1 peaks at %2").arg(lane).arg(peak)));
        // The middle of a steady tone is loud everywhere (no dropped buffers).
        const QList<float> &buckets = waveform.lanes.at(lane);
        for (int i = 5; i < buckets.size() - 5; ++i)
            QVERIFY2(buckets.at(i) > levels.at(lane) * 0.8,
                     qPrintable(QStringLiteral("bucket %1: %2").arg(i).arg(buckets.at(i))));
    }
}

void tst_Waveform::bundledSampleIsSpeech()
{
    Q_INIT_RESOURCE(sample_call);
    QFile resource(QStringLiteral(":/sample/recording-human.ogg"));
    QVERIFY(resource.open(QIODevice::ReadOnly));
    WaveformDecoder decoder;
    QSignalSpy updated(&decoder, &WaveformDecoder::updated);
    decoder.start(resource.readAll());
    QTRY_VERIFY_WITH_TIMEOUT(!updated.isEmpty()
                                 && updated.constLast().at(0).value<Waveform>().complete,
                             20000);
    // Partial waveforms came first, so the view could draw while decoding.
    QVERIFY(updated.size() >= 2);
    QVERIFY(!updated.constFirst().at(0).value<Waveform>().complete);
    const Waveform waveform = decoder.waveform();
    QCOMPARE(waveform.laneCount(), 1);
    QVERIFY(waveform.durationMs > 20000);
    // Speech has pauses: some buckets are near silence, some loud.
    const QList<float> &lane = waveform.lanes.constFirst();
    QVERIFY(std::count_if(lane.cbegin(), lane.cend(), [](float l) { return l < 0.02f; }) > 50);
    QVERIFY(waveform.peak() > 0.3f);
}

void tst_Waveform::undecodableBytesFail_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("html error page")
        << QByteArray("<!doctype html><html><body>Access denied</body></html>");
    QTest::newRow("random bytes") << QByteArray(4096, '\x5a');
    QTest::newRow("truncated ogg") << fixture(QStringLiteral("tone-mono.ogg")).left(60);
    QTest::newRow("empty") << QByteArray();
}

void tst_Waveform::undecodableBytesFail()
{
    QFETCH(QByteArray, bytes);
    WaveformDecoder decoder;
    QSignalSpy updated(&decoder, &WaveformDecoder::updated);
    QSignalSpy failed(&decoder, &WaveformDecoder::failed);
    decoder.start(bytes);
    QVERIFY(failed.wait(20000));
    QVERIFY(!decoder.isRunning());
    QVERIFY(!failed.constFirst().at(0).toString().isEmpty());
    QCOMPARE(decoder.errorString(), failed.constFirst().at(0).toString());
    QCOMPARE(decoder.failure(), WaveformDecoder::Failure::NotAudio);
    QVERIFY(!decoder.hasFoundAudio());
    QVERIFY(decoder.waveform().isEmpty());
}

void tst_Waveform::restartDropsTheOldRecording()
{
    WaveformDecoder decoder;
    QSignalSpy updated(&decoder, &WaveformDecoder::updated);
    decoder.start(fixture(QStringLiteral("tone-10s.ogg")));
    decoder.start(fixture(QStringLiteral("tone-stereo.wav")));
    QTRY_VERIFY_WITH_TIMEOUT(!updated.isEmpty()
                                 && updated.constLast().at(0).value<Waveform>().complete,
                             20000);
    for (const QList<QVariant> &args : updated)
        QCOMPARE(args.at(0).value<Waveform>().laneCount(), 2);
    QVERIFY(std::abs(decoder.waveform().durationMs - 3000) <= 30);
}

void tst_Waveform::audioFoundComesFirst()
{
    // RecordingSession makes its media player only for a recording GStreamer has decoded.
    WaveformDecoder decoder;
    QList<QString> events;
    connect(&decoder, &WaveformDecoder::audioFound, this, [&] {
        events.append(QStringLiteral("audio"));
    });
    connect(&decoder, &WaveformDecoder::updated, this, [&](const Waveform &waveform) {
        events.append(waveform.complete ? QStringLiteral("complete") : QStringLiteral("partial"));
    });
    QSignalSpy updated(&decoder, &WaveformDecoder::updated);
    decoder.start(fixture(QStringLiteral("tone-stereo.ogg")));
    QVERIFY(!decoder.hasFoundAudio());
    while (!decoder.waveform().complete)
        QVERIFY(updated.wait(20000));
    QVERIFY(decoder.hasFoundAudio());
    QCOMPARE(decoder.failure(), WaveformDecoder::Failure::None);
    QCOMPARE(events.count(QStringLiteral("audio")), 1);
    QCOMPARE(events.constFirst(), QStringLiteral("audio"));
    QCOMPARE(events.at(1), QStringLiteral("partial")); // at once, not after the first interval
    QCOMPARE(events.constLast(), QStringLiteral("complete"));
}

QTEST_GUILESS_MAIN(tst_Waveform)
#include "tst_waveform.moc"
