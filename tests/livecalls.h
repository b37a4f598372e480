#pragma once

// Calls in progress as the fake server scripts them, for the live-watching tests.
#include "fakerevoxserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace Revox::TestCalls {

// The call `id` as the API describes it at one moment of its life: `attemptStatus` adds one
// attempt, `lastWords` a user turn in that attempt's transcript.
inline QByteArray liveCall(const QString &id,
                           const QString &status,
                           const QString &attemptStatus = {},
                           const QString &lastWords = {})
{
    QJsonObject call{{QStringLiteral("id"), id},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("to_phone_number"), QStringLiteral("+33612345678")}};
    if (!attemptStatus.isEmpty()) {
        QJsonArray transcript;
        if (!lastWords.isEmpty())
            transcript.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                          {QStringLiteral("content"), lastWords}});
        call.insert(QStringLiteral("call_attempts"),
                    QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("att_live")},
                                           {QStringLiteral("status"), attemptStatus},
                                           {QStringLiteral("transcript"), transcript}}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("call"), call}}).toJson(QJsonDocument::Compact);
}

// The server's 200 answer with `body` as JSON.
inline ScriptedResponse jsonAnswer(const QByteArray &body)
{
    return ScriptedResponse{200, {{"Content-Type", "application/json"}}, body};
}

} // namespace Revox::TestCalls
