#include "fakerevoxserver.h"

#include "core/call/samplecall.h"
#include "fakehttpconnection.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>

namespace Revox {

namespace {

using Delivery = ScriptedResponse::Delivery;

ScriptedResponse jsonError(int status, const char *error, const char *message)
{
    const QJsonObject body{{QStringLiteral("error"), QString::fromLatin1(error)},
                           {QStringLiteral("message"), QString::fromLatin1(message)}};
    return ScriptedResponse{status, {}, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}

// IDs that may name a file in the calls directory: no separators, no "..", nothing to decode.
bool isSafeFileId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_~:-][A-Za-z0-9._~:-]*$"));
    return pattern.match(id).hasMatch() && !id.contains(QLatin1String(".."));
}

QByteArray resourceBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

FakeRevoxServer::FakeRevoxServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_otherServer(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] { accept(m_server, false); });
    connect(m_otherServer, &QTcpServer::newConnection, this, [this] {
        accept(m_otherServer, true);
    });
    for (const char *name : {"recording-human.ogg", "recording-voicemail.ogg"}) {
        const QString file = QString::fromLatin1(name);
        addRecording(file, resourceBytes(QStringLiteral(":/sample/") + file), "audio/ogg");
    }
}

FakeRevoxServer::~FakeRevoxServer() = default;

bool FakeRevoxServer::listen(quint16 port)
{
    return m_server->listen(QHostAddress::LocalHost, port)
           && m_otherServer->listen(QHostAddress::LocalHost, 0);
}

QUrl FakeRevoxServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort()));
}

ApiSettings FakeRevoxServer::clientSettings(const QString &apiKey, int timeoutMs) const
{
    ApiSettings settings;
    settings.baseUrl = baseUrl();
    settings.apiKey = apiKey;
    settings.timeoutMs = timeoutMs;
    return settings;
}

QUrl FakeRevoxServer::otherOriginUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_otherServer->serverPort()));
}

QString FakeRevoxServer::errorString() const
{
    return m_server->isListening() ? m_otherServer->errorString() : m_server->errorString();
}

void FakeRevoxServer::setApiKey(const QString &key)
{
    m_apiKey = key;
}

void FakeRevoxServer::setCallsDirectory(const QString &dir)
{
    m_callsDir = dir;
}

void FakeRevoxServer::addCall(const QString &id, const QByteArray &json)
{
    m_calls.insert(id, json);
}

void FakeRevoxServer::addRecording(const QString &name,
                                   const QByteArray &bytes,
                                   const QByteArray &mimeType)
{
    m_recordings.insert(name, Recording{bytes, mimeType});
}

void FakeRevoxServer::addScript(const QString &id, const QList<ScriptedResponse> &responses)
{
    m_scripts.insert(id, responses);
    m_hits.remove(id);
}

void FakeRevoxServer::setOversizedBytes(qint64 bytes)
{
    m_oversizedBytes = bytes;
}

QList<RecordedRequest> FakeRevoxServer::requests() const
{
    return m_requests;
}

void FakeRevoxServer::clearRequests()
{
    m_requests.clear();
    m_hits.clear();
}

QList<std::pair<QString, QString>> FakeRevoxServer::scenarios()
{
    const auto entry = [](const char *id, const char *text) {
        return std::pair{QString::fromLatin1(id), QString::fromLatin1(text)};
    };
    return {
        entry("sample", "the bundled sample call, recordings served by this server"),
        entry("scenario-400", "400 bad request"),
        entry("scenario-401", "401, whatever the key"),
        entry("scenario-403", "403 permission denied"),
        entry("scenario-404", "404 not found"),
        entry("scenario-409", "409 conflict, every time"),
        entry("scenario-422", "422 unprocessable"),
        entry("scenario-429-then-ok", "429 with Retry-After: 1, then the call"),
        entry("scenario-500-then-ok", "500, then the call"),
        entry("scenario-500-503-then-ok", "500, 503, then the call"),
        entry("scenario-always-500", "500 every time"),
        entry("scenario-stall", "never answers"),
        entry("scenario-stall-mid-body", "sends half the call, then nothing"),
        entry("scenario-slow", "answers after 1 s"),
        entry("scenario-truncated", "declares the whole body, sends half, hangs up"),
        entry("scenario-truncated-json", "a complete answer whose JSON is cut off"),
        entry("scenario-html-200", "an HTML login page with status 200"),
        entry("scenario-redirect-same-origin", "302 to /call/sample on this server"),
        entry("scenario-redirect-cross-origin", "302 to the same path on another origin"),
        entry("scenario-oversized", "an endless JSON body with no length (80 MiB)"),
        entry("scenario-oversized-declared", "Content-Length: 80 MiB"),
    };
}

QByteArray FakeRevoxServer::sampleCallJson(const QString &id) const
{
    QByteArray json = SampleCall::json();
    json.replace("qrc:/sample/", baseUrl().toEncoded() + "/recordings/");
    if (id.isEmpty())
        return json;
    QJsonObject root = QJsonDocument::fromJson(json).object();
    QJsonObject call = root.value(QLatin1String("call")).toObject();
    call.insert(QStringLiteral("id"), id);
    root.insert(QStringLiteral("call"), call);
    return QJsonDocument(root).toJson();
}

QList<ScriptedResponse> FakeRevoxServer::builtInScenario(const QString &id) const
{
    const ScriptedResponse ok{200, {}, sampleCallJson(id)};
    const ScriptedResponse error500 = jsonError(500, "internal_error", "Internal server error");
    ScriptedResponse error503 = jsonError(503, "unavailable", "Service unavailable");
    error503.status = 503;

    if (id == QLatin1String("scenario-400"))
        return {jsonError(400, "bad_request", "Invalid call id")};
    if (id == QLatin1String("scenario-403"))
        return {jsonError(403, "forbidden", "This key cannot read calls of this organization")};
    if (id == QLatin1String("scenario-404"))
        return {jsonError(404, "not_found", "Call not found")};
    if (id == QLatin1String("scenario-409"))
        return {jsonError(409, "conflict", "The call is being updated")};
    if (id == QLatin1String("scenario-422"))
        return {jsonError(422, "unprocessable", "The call ID is malformed")};
    if (id == QLatin1String("scenario-429-then-ok")) {
        ScriptedResponse limited = jsonError(429, "rate_limited", "Too many requests");
        limited.headers = {{"Retry-After", "1"}};
        return {limited, ok};
    }
    if (id == QLatin1String("scenario-500-then-ok"))
        return {error500, ok};
    if (id == QLatin1String("scenario-500-503-then-ok"))
        return {error500, error503, ok};
    if (id == QLatin1String("scenario-always-500"))
        return {error500};
    if (id == QLatin1String("scenario-stall"))
        return {ScriptedResponse{200, {}, {}, Delivery::Stall}};
    if (id == QLatin1String("scenario-stall-mid-body"))
        return {ScriptedResponse{200, {}, ok.body, Delivery::StallMidBody}};
    if (id == QLatin1String("scenario-slow"))
        return {ScriptedResponse{200, {}, ok.body, Delivery::Normal, 1000}};
    if (id == QLatin1String("scenario-truncated"))
        return {ScriptedResponse{200, {}, ok.body, Delivery::Truncated}};
    if (id == QLatin1String("scenario-truncated-json"))
        return {ScriptedResponse{200, {}, ok.body.left(ok.body.size() / 2)}};
    if (id == QLatin1String("scenario-html-200")) {
        return {ScriptedResponse{200,
                                 {{"Content-Type", "text/html; charset=utf-8"}},
                                 "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                                 "<body><h1>Sign in to Revox</h1></body></html>\n"}};
    }
    if (id == QLatin1String("scenario-redirect-same-origin"))
        return {ScriptedResponse{302, {{"Location", "/call/sample"}}, {}}};
    if (id == QLatin1String("scenario-redirect-cross-origin")) {
        const QByteArray target = otherOriginUrl().toEncoded() + "/call/" + id.toLatin1();
        return {ScriptedResponse{302, {{"Location", target}}, {}}};
    }
    if (id == QLatin1String("scenario-oversized")) {
        return {ScriptedResponse{200,
                                 {},
                                 "{\"call\": {\"id\": \"scenario-oversized\", \"padding\": \"",
                                 Delivery::Stream,
                                 0,
                                 m_oversizedBytes}};
    }
    if (id == QLatin1String("scenario-oversized-declared")) {
        return {
            ScriptedResponse{200,
                             {{"Content-Length", QByteArray::number(m_oversizedBytes)}},
                             "{\"call\": {\"id\": \"scenario-oversized-declared\", \"padding\": \"",
                             Delivery::Stream,
                             0,
                             m_oversizedBytes}};
    }
    return {};
}

void FakeRevoxServer::accept(QTcpServer *server, bool otherOrigin)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        new FakeHttpConnection(
            socket,
            otherOrigin,
            [this](const RecordedRequest &request) {
                m_requests.append(request);
                emit requestReceived(request);
                return respond(request);
            },
            this);
    }
}

ScriptedResponse FakeRevoxServer::respond(const RecordedRequest &request)
{
    if (request.method != "GET" && request.method != "HEAD")
        return jsonError(405, "method_not_allowed", "Only GET is served here");

    const qsizetype queryStart = request.path.indexOf('?');
    const QByteArray path = queryStart < 0 ? request.path : request.path.left(queryStart);
    // The "other site" accepts anything: it stands for a host that would collect a leaked key.
    if (request.otherOrigin)
        return ScriptedResponse{200, {}, sampleCallJson(QStringLiteral("other-origin"))};

    if (path.startsWith("/recordings/")) {
        const QByteArray name = path.mid(qsizetype(sizeof("/recordings/") - 1));
        return respondWithRecording(request, QUrl::fromPercentEncoding(name));
    }
    if (path.startsWith("/call/")) {
        const QByteArray segment = path.mid(qsizetype(sizeof("/call/") - 1));
        if (segment.isEmpty() || segment.contains('/'))
            return jsonError(404, "not_found", "No such endpoint");
        return respondToCall(request, QUrl::fromPercentEncoding(segment));
    }
    return jsonError(404, "not_found", "No such endpoint");
}

ScriptedResponse FakeRevoxServer::respondToCall(const RecordedRequest &request, const QString &id)
{
    if (id == QLatin1String("scenario-401"))
        return jsonError(401, "unauthorized", "Invalid API key");
    if (!m_apiKey.isEmpty()
        && request.header("authorization") != QByteArray("Bearer " + m_apiKey.toUtf8())) {
        return jsonError(401, "unauthorized", "Missing or invalid API key");
    }

    QList<ScriptedResponse> script = m_scripts.value(id);
    if (script.isEmpty())
        script = builtInScenario(id);
    if (!script.isEmpty()) {
        const int hit = m_hits.value(id);
        m_hits.insert(id, hit + 1);
        return script.at(hit % script.size());
    }

    if (const auto it = m_calls.constFind(id); it != m_calls.cend())
        return ScriptedResponse{200, {}, it.value()};
    if (!m_callsDir.isEmpty() && isSafeFileId(id)) {
        QFile file(QDir(m_callsDir).filePath(id + QLatin1String(".json")));
        if (file.open(QIODevice::ReadOnly))
            return ScriptedResponse{200, {}, file.readAll()};
    }
    if (id == QLatin1String("sample"))
        return ScriptedResponse{200, {}, sampleCallJson()};
    return jsonError(404, "not_found", "Call not found");
}

ScriptedResponse FakeRevoxServer::respondWithRecording(const RecordedRequest &request,
                                                       const QString &name) const
{
    const auto it = m_recordings.constFind(name);
    if (it == m_recordings.cend())
        return jsonError(404, "not_found", "No such recording");
    const QByteArray &bytes = it->bytes;
    const qint64 size = bytes.size();
    const QList<std::pair<QByteArray, QByteArray>> common{{"Content-Type", it->mimeType},
                                                          {"Accept-Ranges", "bytes"}};
    const ScriptedResponse whole{200, common, bytes};

    // One range per request, as media players ask; anything unreadable is ignored (RFC 9110),
    // and a list of ranges gets the whole file, which is also allowed.
    const QByteArray range = request.header("range").trimmed();
    if (!range.startsWith("bytes=") || range.contains(','))
        return whole;
    const QByteArray spec = range.mid(6).trimmed();
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return whole;
    const QByteArray first = spec.left(dash).trimmed();
    const QByteArray last = spec.mid(dash + 1).trimmed();
    bool okFirst = true;
    bool okLast = true;
    qint64 start = 0;
    qint64 end = size - 1;
    if (first.isEmpty()) {
        const qint64 suffix = last.toLongLong(&okLast);
        if (!okLast || suffix < 0)
            return whole;
        if (suffix == 0)
            start = size; // unsatisfiable: zero bytes from the end
        else
            start = std::max<qint64>(0, size - suffix);
    } else {
        start = first.toLongLong(&okFirst);
        if (!last.isEmpty())
            end = std::min(last.toLongLong(&okLast), size - 1);
        if (!okFirst || !okLast || start < 0 || (!last.isEmpty() && last.toLongLong() < start))
            return whole;
    }
    if (start >= size) {
        ScriptedResponse unsatisfiable{416, common, {}};
        unsatisfiable.headers.append({"Content-Range", "bytes */" + QByteArray::number(size)});
        return unsatisfiable;
    }
    ScriptedResponse partial{206, common, bytes.mid(start, end - start + 1)};
    partial.headers.append({"Content-Range",
                            "bytes " + QByteArray::number(start) + '-' + QByteArray::number(end)
                                + '/' + QByteArray::number(size)});
    return partial;
}

} // namespace Revox
