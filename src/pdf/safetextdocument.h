#pragma once

#include <QTextDocument>

namespace Revox {

// A QTextDocument that loads nothing: QTextDocument::loadResource reads local files and qrc
// resources named by <img src> or CSS, and an export must never depend on, or reveal, anything
// outside the call. Every request is counted so tests can see that none was honoured.
class SafeTextDocument final : public QTextDocument
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SafeTextDocument)

public:
    explicit SafeTextDocument(QObject *parent = nullptr);
    int refusedResourceCount() const { return m_refused; }

protected:
    QVariant loadResource(int type, const QUrl &name) override;

private:
    int m_refused = 0;
};

} // namespace Revox
