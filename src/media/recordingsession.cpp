#include "media/recordingsession.h"

#include "core/recording/recordingdownloader.h"
#include "media/waveformdecoder.h"

#include <QAudioOutput>
#include <QBuffer>
#include <QDir>
#include <QMediaDevices>

namespace Revox {

RecordingSession::RecordingSession(QObject *parent)
    : QObject(parent)
    , m_downloader(new RecordingDownloader(this))
    , m_saver(new RecordingDownloader(this))
    , m_decoder(new WaveformDecoder(this))
{
    connect(m_downloader, &RecordingDownloader::progress, this, &RecordingSession::onFetchProgress);
    connect(m_downloader, &RecordingDownloader::finished, this, &RecordingSession::onFetched);
    connect(m_saver, &RecordingDownloader::progress, this, &RecordingSession::onSaveProgress);
    connect(m_saver, &RecordingDownloader::finished, this, &RecordingSession::onSaved);
    connect(m_decoder, &WaveformDecoder::audioFound, this, &RecordingSession::onAudioFound);
    connect(m_decoder, &WaveformDecoder::updated, this, &RecordingSession::onWaveform);
    connect(m_decoder, &WaveformDecoder::failed, this, &RecordingSession::onWaveformFailed);
    m_message = tr("No recording");
}

RecordingSession::~RecordingSession()
{
    // The views may be half-destroyed already (the window is going): nothing below reaches them.
    blockSignals(true);
    m_downloader->cancel();
    m_saver->cancel(); // a half-written copy is removed, an earlier file kept
    // Explicitly, in this order, whatever state GStreamer has failed into: the decoder stops its
    // pipeline, the player lets go of its source and output and stops its threads, and only then
    // do the source and the output go.
    delete std::exchange(m_decoder, nullptr);
    delete std::exchange(m_devices, nullptr);
    if (m_player) {
        m_player->disconnect(this);
        m_player->stop();
        m_player->setSource(QUrl());
        delete std::exchange(m_player, nullptr);
    }
    delete std::exchange(m_source, nullptr);
    delete std::exchange(m_audioOutput, nullptr);
}

const QList<double> &RecordingSession::playbackRates()
{
    static const QList<double> values{0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0};
    return values;
}

void RecordingSession::load(const QString &callId,
                            const QString &attemptId,
                            const std::optional<QString> &recordingUrl)
{
    stopLoading();
    m_callId = callId;
    m_attemptId = attemptId;
    m_recordingUrl = recordingUrl;
    m_hasRecording = true;
    m_link = RecordingLink::fromApi(recordingUrl);
    emit recordingChanged();
    emit durationChanged(0);
    emit positionChanged(0);

    switch (m_link.kind) {
    case RecordingLink::Kind::None:
        showNoRecording(m_link.message);
        return;
    case RecordingLink::Kind::Refused:
        showError(m_link.message, false);
        return;
    case RecordingLink::Kind::Web:
    case RecordingLink::Kind::Resource:
        break;
    }
    setStatusText(tr("Loading the recording…"));
    setBusy(true);
    setMessage(QString());
    setState(State::Loading);
    m_fetchId = m_downloader->fetch(m_link.url);
}

void RecordingSession::clear()
{
    stopLoading();
    m_link = {};
    m_callId.clear();
    m_attemptId.clear();
    m_recordingUrl.reset();
    m_hasRecording = false;
    emit recordingChanged();
    showNoRecording(tr("No recording"));
}

void RecordingSession::retry()
{
    if (m_link.canOpen())
        load(m_callId, m_attemptId, m_recordingUrl);
}

void RecordingSession::cancel()
{
    m_saver->cancel(); // its Cancelled result ends the save with saveFinished()
    if (m_state != State::Loading)
        return;
    stopLoading();
    showError(tr("Loading the recording was stopped."), true);
}

void RecordingSession::stopLoading()
{
    releaseMedia();
    m_downloader->cancel();
    m_decoder->cancel();
    m_fetchId = 0; // the cancelled download's result is not ours any more
    m_startPending = false;
    m_bytes.clear();
    m_contentType.clear();
    m_playWhenLoaded = false;
    m_pendingSeekMs = -1;
    if (!m_waveform.isEmpty() || m_waveform.complete) {
        m_waveform = {};
        emit waveformChanged();
    }
}

void RecordingSession::holdMediaStart(bool hold)
{
    m_startHeld = hold;
    if (!hold && m_startPending)
        postStart();
}

bool RecordingSession::isShowing(const QString &callId,
                                 const QString &attemptId,
                                 const std::optional<QString> &recordingUrl) const
{
    return m_hasRecording && m_state != State::Error && callId == m_callId
           && attemptId == m_attemptId && recordingUrl == m_recordingUrl;
}

QString RecordingSession::suggestedFileName() const
{
    return RecordingFiles::suggestedFileName(m_callId, m_attemptId, m_contentType, m_link.url);
}

void RecordingSession::saveCopyTo(const QString &path)
{
    if (!m_link.canOpen()) {
        emit saveFinished(false, tr("There is no recording to save."));
        return;
    }
    m_saving = true;
    if (m_bytes.isEmpty()) {
        m_saveId = m_saver->saveTo(m_link.url, path);
        emit savingChanged(true);
        return;
    }
    // Already here: no second download.
    m_saveId = 0;
    emit savingChanged(true);
    emit saveProgress(m_bytes.size(), m_bytes.size());
    const QString error = RecordingFiles::write(path, m_bytes);
    RecordingDownload result;
    result.status = error.isEmpty() ? RecordingDownload::Status::Ok
                                    : RecordingDownload::Status::WriteError;
    result.message = error;
    result.savedPath = error.isEmpty() ? path : QString();
    onSaved(0, result);
}

void RecordingSession::onFetchProgress(quint64 id, qint64 received, qint64 total)
{
    if (id != m_fetchId || total <= 0)
        return;
    setBusy(true, int(received * 1000 / total));
    setStatusText(tr("Loading the recording… %1%").arg(received * 100 / total));
}

void RecordingSession::onFetched(quint64 id, const RecordingDownload &result)
{
    if (id != m_fetchId || m_state != State::Loading)
        return;
    if (!result.isOk()) {
        const bool transient = result.status == RecordingDownload::Status::ConnectionError
                               || result.status == RecordingDownload::Status::Timeout
                               || result.status == RecordingDownload::Status::HttpError;
        showError(result.message, transient);
        return;
    }
    m_bytes = result.data;
    m_contentType = result.contentType;
    emit recordingChanged(); // the Content-Type names the saved file's extension
    setStatusText(tr("Drawing the waveform…"));
    m_startPending = true;
    if (!m_startHeld)
        postStart();
}

void RecordingSession::onSaveProgress(quint64 id, qint64 received, qint64 total)
{
    if (id == m_saveId)
        emit saveProgress(received, total);
}

void RecordingSession::onSaved(quint64 id, const RecordingDownload &result)
{
    if (id != m_saveId || !m_saving)
        return;
    m_saveId = 0;
    m_saving = false;
    if (result.isOk())
        m_savedCopyPath = result.savedPath;
    const QString message = result.isOk() ? tr("Saved the recording to %1.")
                                                .arg(QDir::toNativeSeparators(result.savedPath))
                                          : result.message;
    emit savingChanged(false);
    setMessage(message);
    emit saveFinished(result.isOk(), message);
}

void RecordingSession::setState(State state)
{
    if (state != State::Error)
        m_messageIsError = false;
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RecordingSession::setMessage(const QString &text)
{
    if (m_message == text)
        return;
    m_message = text;
    emit messageChanged(text);
}

void RecordingSession::setStatusText(const QString &text)
{
    if (m_statusText == text)
        return;
    m_statusText = text;
    emit statusTextChanged(text);
}

void RecordingSession::setBusy(bool busy, int permille)
{
    if (m_busy == busy && m_permille == permille)
        return;
    m_busy = busy;
    m_permille = permille;
    emit progressChanged();
}

void RecordingSession::showNoRecording(const QString &text)
{
    setBusy(false);
    setStatusText(QString());
    setMessage(text);
    setState(State::NoRecording);
}

void RecordingSession::showError(const QString &text, bool canRetry)
{
    setBusy(false);
    m_canRetry = canRetry;
    setMessage(text);
    m_messageIsError = true;
    setState(State::Error);
}

} // namespace Revox
