// fake-revox-server: a local stand-in for the Revox API, to try the app without an account and
// to see how it copes with a misbehaving server.
#include "fakerevoxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace {

void print(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fake-revox-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(REVOX_VERSION));

    QString description = QStringLiteral(
        "A local fake of the Revox API on 127.0.0.1: GET /call/<id> and GET /recordings/<name>.\n"
        "Call IDs it knows:\n");
    for (const auto &[id, text] : Revox::FakeRevoxServer::scenarios())
        description += QStringLiteral("  %1  %2\n").arg(id, -32).arg(text);

    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral(
                                            "Port to listen on (default: any free port)."),
                                        QStringLiteral("port"),
                                        QStringLiteral("0"));
    const QCommandLineOption callsOption(QStringLiteral("calls-dir"),
                                         QStringLiteral(
                                             "Serve GET /call/<id> from <dir>/<id>.json."),
                                         QStringLiteral("dir"));
    const QCommandLineOption keyOption(QStringLiteral("api-key"),
                                       QStringLiteral("Require this bearer key (default: accept "
                                                      "any key)."),
                                       QStringLiteral("key"));
    parser.addOptions({portOption, callsOption, keyOption});
    parser.process(app);

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535) {
        print(QStringLiteral("--port must be a number from 0 to 65535."));
        return 2;
    }
    Revox::FakeRevoxServer server;
    if (parser.isSet(callsOption)) {
        const QString dir = parser.value(callsOption);
        if (!QDir(dir).exists()) {
            print(QStringLiteral("The calls directory %1 does not exist.").arg(dir));
            return 2;
        }
        server.setCallsDirectory(dir);
    }
    server.setApiKey(parser.value(keyOption));
    if (!server.listen(static_cast<quint16>(port))) {
        print(
            QStringLiteral("Cannot listen on 127.0.0.1:%1: %2").arg(port).arg(server.errorString()));
        return 1;
    }

    const QString base = server.baseUrl().toString();
    print(QStringLiteral("Fake Revox server listening on %1").arg(base));
    print(QStringLiteral("Try: REVOX_BASE_URL=%1 REVOX_API_KEY=%2 build/bin/revox-inspector")
              .arg(base,
                   parser.isSet(keyOption) ? QStringLiteral("<the key>")
                                           : QStringLiteral("sk_test_fake")));
    print(QStringLiteral(
        "and open the call \u201Csample\u201D or a scenario ID (--help lists them)."));
    // Logged without header values: the point is to see what was asked, not to echo a key.
    QObject::connect(&server,
                     &Revox::FakeRevoxServer::requestReceived,
                     &server,
                     [](const Revox::RecordedRequest &request) {
                         print(QStringLiteral("%1 %2%3%4")
                                   .arg(QString::fromLatin1(request.method),
                                        QString::fromLatin1(request.path),
                                        request.hasHeader("authorization")
                                            ? QStringLiteral("  (with a key)")
                                            : QString(),
                                        request.otherOrigin ? QStringLiteral("  [other origin]")
                                                            : QString()));
                     });
    return app.exec();
}
