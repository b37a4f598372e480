#include "gui/library/savedcopybanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace Revox {

SavedCopyBanner::SavedCopyBanner(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
{
    m_label->setTextFormat(Qt::PlainText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_refresh);
    connect(m_refresh, &QPushButton::clicked, this, &SavedCopyBanner::refreshRequested);
    hide();
}

void SavedCopyBanner::showSavedCopy(const QDateTime &fetchedAt, bool canRefresh)
{
    m_label->setText(
        tr("Saved copy from %1")
            .arg(fetchedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    m_refresh->setVisible(canRefresh);
    show();
}

QString SavedCopyBanner::text() const
{
    return m_label->text();
}

} // namespace Revox
