#pragma once

#include "core/api/apisettings.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <utility>

class QTcpServer;

namespace Revox {

// One request as the fake server received it, so tests can check what a client really sent.
struct RecordedRequest
{
    QByteArray method;
    QByteArray path;                      // the request target as sent: still percent-encoded
    QMap<QByteArray, QByteArray> headers; // names in lower case
    bool otherOrigin = false;             // received by the "other site" (otherOriginUrl())

    bool hasHeader(const QByteArray &name) const { return headers.contains(name.toLower()); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// An answer the server gives to one request for a scripted call ID.
struct ScriptedResponse
{
    enum class Delivery {
        Normal,       // status, headers and body, then close
        Stall,        // read the request, never answer (until the client gives up)
        Truncated,    // declare the whole body's length, send half of it, close
        StallMidBody, // declare the whole body's length, send half of it, then nothing
        Stream,       // no Content-Length; `streamBytes` bytes of never-ending JSON, then close
    };
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Delivery delivery = Delivery::Normal;
    int delayMs = 0; // wait this long before answering
    qint64 streamBytes = 0;
};

// A small HTTP/1.1 server on 127.0.0.1 that behaves like the Revox API: `GET /call/<id>` with a
// bearer key check, scenario IDs that misbehave in the ways the client must survive, and
// recordings with Range support. Built on QTcpServer rather than QHttpServer because stalls,
// truncated bodies and endless streams need control over the socket that Qt 6.4's QHttpServer
// does not give. Used in-process by tests and by the `fake-revox-server` program.
class FakeRevoxServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeRevoxServer)

public:
    explicit FakeRevoxServer(QObject *parent = nullptr);
    ~FakeRevoxServer() override;

    // Listens on 127.0.0.1 (and on a second, random port that plays "another site").
    bool listen(quint16 port = 0);
    QUrl baseUrl() const;        // http://127.0.0.1:<port>
    QUrl otherOriginUrl() const; // http://127.0.0.1:<other port>: a different origin
    // What an API client needs to talk to this server with `apiKey`.
    ApiSettings clientSettings(const QString &apiKey, int timeoutMs = ApiSettings().timeoutMs) const;
    QString errorString() const;

    void setApiKey(const QString &key);         // required bearer key ("" = no check)
    void setCallsDirectory(const QString &dir); // serves GET /call/<id> from <dir>/<id>.json
    void addCall(const QString &id, const QByteArray &json); // in-memory call
    // Served at GET /recordings/<name>, with Range support. The bundled sample recordings are
    // added by the constructor as recording-human.ogg and recording-voicemail.ogg.
    void addRecording(const QString &name, const QByteArray &bytes, const QByteArray &mimeType);
    // GET /call/<id> answers with these in turn, starting over after the last one. Replaces a
    // built-in scenario of the same ID.
    void addScript(const QString &id, const QList<ScriptedResponse> &responses);
    // How much `scenario-oversized` sends (default 80 MiB, more than the client's 64 MiB cap).
    void setOversizedBytes(qint64 bytes);

    QList<RecordedRequest> requests() const; // every request, oldest first
    // Forgets the recorded requests and restarts every script at its first answer.
    void clearRequests();

    // The built-in scenario IDs, each with a one-line description.
    static QList<std::pair<QString, QString>> scenarios();
    // The bundled sample call with its recordings on this server; `id` replaces the call's ID
    // unless empty.
    QByteArray sampleCallJson(const QString &id = {}) const;

signals:
    void requestReceived(const Revox::RecordedRequest &request);

private:
    struct Recording
    {
        QByteArray bytes;
        QByteArray mimeType;
    };

    void accept(QTcpServer *server, bool otherOrigin);
    ScriptedResponse respond(const RecordedRequest &request);
    ScriptedResponse respondToCall(const RecordedRequest &request, const QString &id);
    ScriptedResponse respondWithRecording(const RecordedRequest &request, const QString &name) const;
    QList<ScriptedResponse> builtInScenario(const QString &id) const;

    QTcpServer *m_server;
    QTcpServer *m_otherServer;
    QString m_apiKey;
    QString m_callsDir;
    QHash<QString, QByteArray> m_calls;
    QHash<QString, Recording> m_recordings;
    QHash<QString, QList<ScriptedResponse>> m_scripts;
    QHash<QString, int> m_hits;
    QList<RecordedRequest> m_requests;
    qint64 m_oversizedBytes = 80 * 1024 * 1024;
};

} // namespace Revox
