#include "gui/recording/recordingplayerparts.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QToolButton>

namespace Revox::RecordingPlayerParts {

QString clockText(qint64 milliseconds)
{
    const qint64 seconds = std::max<qint64>(0, milliseconds) / 1000;
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QIcon themedIcon(const QWidget *widget, const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), widget->style()->standardIcon(fallback));
}

QToolButton *makeToolButton(QWidget *parent,
                            const char *objectName,
                            const QIcon &icon,
                            const QString &text)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QLatin1String(objectName));
    button->setIcon(icon);
    button->setText(text);
    button->setToolTip(text);
    button->setAccessibleName(text);
    button->setAutoRaise(true);
    return button;
}

bool usesSpaceItself(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget)
           || qobject_cast<const QAbstractItemView *>(widget)
           || qobject_cast<const QComboBox *>(widget);
}

} // namespace Revox::RecordingPlayerParts
