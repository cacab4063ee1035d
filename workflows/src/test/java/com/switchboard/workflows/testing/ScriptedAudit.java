package com.switchboard.workflows.testing;

import com.switchboard.workflows.lines.ClosedHolders;
import com.switchboard.workflows.lines.HolderAudit;
import com.switchboard.workflows.lines.LineAuditActivities;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Says that the call workflows the test names are closed; remembers every audit. */
public final class ScriptedAudit implements LineAuditActivities {
    public final List<HolderAudit> audits = new CopyOnWriteArrayList<>();
    public final Set<String> closed = ConcurrentHashMap.newKeySet();

    @Override
    public ClosedHolders findClosed(HolderAudit audit) {
        audits.add(audit);
        return new ClosedHolders(
                audit.callWorkflowIds().stream().filter(closed::contains).toList());
    }
}
