#pragma once

// Calls for the library tests: a multilingual one, and small generated ones.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace LibraryTestData {

inline QJsonObject turn(const QString &role, const QString &content)
{
    return QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
}

inline QByteArray wrap(const QJsonObject &call)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("call"), call}}).toJson(QJsonDocument::Compact);
}

// French, Japanese, Arabic and Hebrew turns, a tool call with accented arguments.
inline QByteArray multilingualCall()
{
    QJsonObject tool = turn(QStringLiteral("tool"), QStringLiteral("ok"));
    tool.insert(QStringLiteral("tool_name"), QStringLiteral("reserve_salle"));
    tool.insert(QStringLiteral("tool_arguments"),
                QJsonObject{{QStringLiteral("salle"), QStringLiteral("Écureuil")},
                            {QStringLiteral("heure"), QStringLiteral("10:00")}});
    const QJsonArray transcript{
        turn(QStringLiteral("assistant"),
             QStringLiteral("Bonjour, je vous appelle pour confirmer la réunion de demain.")),
        turn(QStringLiteral("user"), QStringLiteral("明日の予約を確認したいです。")),
        turn(QStringLiteral("assistant"), QStringLiteral("مرحبا، موعدك غدا في العيادة")),
        turn(QStringLiteral("user"), QStringLiteral("שלום, אני רוצה לקבוע תור")),
        tool,
    };
    const QJsonObject attempt{{QStringLiteral("id"), QStringLiteral("att_intl")},
                              {QStringLiteral("status"), QStringLiteral("completed")},
                              {QStringLiteral("result"), QStringLiteral("human")},
                              {QStringLiteral("transcript"), transcript}};
    return wrap(QJsonObject{
        {QStringLiteral("id"), QStringLiteral("call_intl_01")},
        {QStringLiteral("status"), QStringLiteral("completed")},
        {QStringLiteral("to_phone_number"), QStringLiteral("+81312345678")},
        {QStringLiteral("created_at"), QStringLiteral("2025-10-01T08:00:00Z")},
        {QStringLiteral("campaign"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("Campagne d'été")}}},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("dossier"), QStringLiteral("Ωmega-42")}}},
        {QStringLiteral("call_attempts"), QJsonArray{attempt}},
    });
}

// A small call whose one turn holds `word`, for bulk and concurrency tests.
inline QByteArray smallCall(const QString &id,
                            const QString &word,
                            const QString &status = QStringLiteral("completed"))
{
    const QJsonObject attempt{{QStringLiteral("id"), id + QStringLiteral("_a")},
                              {QStringLiteral("status"), QStringLiteral("completed")},
                              {QStringLiteral("result"), QStringLiteral("voicemail")},
                              {QStringLiteral("transcript"),
                               QJsonArray{turn(QStringLiteral("assistant"),
                                               QStringLiteral("Message about ") + word)}}};
    return wrap(QJsonObject{{QStringLiteral("id"), id},
                            {QStringLiteral("status"), status},
                            {QStringLiteral("to_phone_number"), QStringLiteral("+15550100")},
                            {QStringLiteral("call_attempts"), QJsonArray{attempt}}});
}

// A call of `turns` turns; turn i says "turn<i> <word>", so each turn is found on its own.
inline QByteArray longCall(const QString &id,
                           int turns,
                           const QString &word = QStringLiteral("plain"))
{
    QJsonArray transcript;
    for (int i = 0; i < turns; ++i)
        transcript.append(turn(i % 2 ? QStringLiteral("user") : QStringLiteral("assistant"),
                               QStringLiteral("turn%1 %2 about the appointment").arg(i).arg(word)));
    const QJsonObject attempt{{QStringLiteral("id"), id + QStringLiteral("_a")},
                              {QStringLiteral("status"), QStringLiteral("completed")},
                              {QStringLiteral("transcript"), transcript}};
    return wrap(QJsonObject{{QStringLiteral("id"), id},
                            {QStringLiteral("status"), QStringLiteral("completed")},
                            {QStringLiteral("call_attempts"), QJsonArray{attempt}}});
}

} // namespace LibraryTestData
