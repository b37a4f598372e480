#pragma once

// Calls for GUI tests: the bundled sample, the documented example response, and hand-built
// hostile variations.
#include "core/call/callparser.h"
#include "core/call/samplecall.h"
#include "testturns.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace Revox::TestCalls {

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data");
    return file.readAll();
}

inline QString examplePath()
{
    return QStringLiteral(REVOX_TEST_DATA_DIR "/example-response.json");
}

inline Call parse(const QByteArray &body)
{
    const CallParseResult result = CallParser::parse(body);
    if (!result.call)
        qFatal("test call does not parse");
    return *result.call;
}

inline Call sample()
{
    return parse(SampleCall::json());
}

inline Call example()
{
    return parse(readFile(examplePath()));
}

// The sample call's JSON with `edit` applied to its "call" object.
template<typename Edit>
QByteArray editedSample(Edit edit)
{
    QJsonObject root = QJsonDocument::fromJson(SampleCall::json()).object();
    QJsonObject call = root.value(QLatin1String("call")).toObject();
    edit(call);
    root.insert(QLatin1String("call"), call);
    return QJsonDocument(root).toJson();
}

} // namespace Revox::TestCalls
