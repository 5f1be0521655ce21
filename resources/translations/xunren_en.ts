<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccountsWindow</name>
    <message>
        <source>Accounts and station</source>
        <translation>Accounts and station</translation>
    </message>
    <message>
        <source>Logon name</source>
        <translation>Logon name</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Badge number</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Reset &amp;password…</translation>
    </message>
    <message>
        <source>Change r&amp;ole…</source>
        <translation>Change r&amp;ole…</translation>
    </message>
    <message>
        <source>My &amp;name and badge…</source>
        <translation>My &amp;name and badge…</translation>
    </message>
    <message>
        <source>Change &amp;my password…</source>
        <translation>Change &amp;my password…</translation>
    </message>
    <message>
        <source>&amp;Save station details</source>
        <translation>&amp;Save station details</translation>
    </message>
    <message>
        <source>Station (printed on every form)</source>
        <translation>Station (printed on every form)</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>That could not be done</source>
        <translation>That could not be done</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>Add an account</translation>
    </message>
    <message>
        <source>Password (at least 10 characters)</source>
        <translation>Password (at least 10 characters)</translation>
    </message>
    <message>
        <source>Account %1 added</source>
        <translation>Account %1 added</translation>
    </message>
    <message>
        <source>Account %1 removed</source>
        <translation>Account %1 removed</translation>
    </message>
    <message>
        <source>Account %1 unlocked</source>
        <translation>Account %1 unlocked</translation>
    </message>
    <message>
        <source>New password for %1</source>
        <translation>New password for %1</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Password of %1 reset</source>
        <translation>Password of %1 reset</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>Role of %1</translation>
    </message>
    <message>
        <source>Role of %1 changed</source>
        <translation>Role of %1 changed</translation>
    </message>
    <message>
        <source>My name and badge number</source>
        <translation>My name and badge number</translation>
    </message>
    <message>
        <source>Saved; forms print them from now on</source>
        <translation>Saved; forms print them from now on</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <source>Station details saved</source>
        <translation>Station details saved</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>The station administrator&apos;s account. Officers get their own accounts later.</source>
        <translation>The station administrator&apos;s account. Officers get their own accounts later.</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repeat password:</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>Enter a user name.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>The password needs at least %1 characters.</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <source>The account is ready.</source>
        <translation>The account is ready.</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message numerus="yes">
        <source>Missing-child alerts waiting for your acknowledgement: %n</source>
        <translation>
            <numerusform>Missing-child alerts waiting for your acknowledgement: %n</numerusform>
            <numerusform>Missing-child alerts waiting for your acknowledgement: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the alerts…</source>
        <translation>Show the alerts…</translation>
    </message>
</context>
<context>
    <name>AlertCard</name>
    <message>
        <source>boy</source>
        <translation>boy</translation>
    </message>
    <message>
        <source>girl</source>
        <translation>girl</translation>
    </message>
    <message>
        <source>sex unknown</source>
        <translation>sex unknown</translation>
    </message>
    <message>
        <source>%1 years old</source>
        <translation>%1 years old</translation>
    </message>
    <message>
        <source>%1–%2 years old</source>
        <translation>%1–%2 years old</translation>
    </message>
    <message>
        <source>No photo yet</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <source>Last seen: %1 (%2), %3</source>
        <translation>Last seen: %1 (%2), %3</translation>
    </message>
    <message>
        <source>%1 km from this station · case %2</source>
        <translation>%1 km from this station · case %2</translation>
    </message>
    <message>
        <source>Call the owning station: %1  %2</source>
        <translation>Call the owning station: %1  %2</translation>
    </message>
    <message>
        <source>(no phone given)</source>
        <translation>(no phone given)</translation>
    </message>
    <message>
        <source>Clothing: %1</source>
        <translation>Clothing: %1</translation>
    </message>
    <message>
        <source>Marks: %1</source>
        <translation>Marks: %1</translation>
    </message>
    <message>
        <source>&amp;Acknowledge: I have seen this alert</source>
        <translation>&amp;Acknowledge: I have seen this alert</translation>
    </message>
    <message>
        <source>Cancelled: the child was found or the case was closed</source>
        <translation>Cancelled: the child was found or the case was closed</translation>
    </message>
    <message>
        <source>Acknowledged by: %1</source>
        <translation>Acknowledged by: %1</translation>
    </message>
</context>
<context>
    <name>AlertsDialog</name>
    <message>
        <source>Missing-child alerts</source>
        <translation>Missing-child alerts</translation>
    </message>
    <message>
        <source>Show cancelled alerts too</source>
        <translation>Show cancelled alerts too</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Reading alerts…</source>
        <translation>Reading alerts…</translation>
    </message>
    <message numerus="yes">
        <source>Alerts waiting for your acknowledgement: %n. Look out for the child; call the owning station with anything you learn.</source>
        <translation>
            <numerusform>Alerts waiting for your acknowledgement: %n. Look out for the child; call the owning station with anything you learn.</numerusform>
            <numerusform>Alerts waiting for your acknowledgement: %n. Look out for the child; call the owning station with anything you learn.</numerusform>
        </translation>
    </message>
    <message>
        <source>No missing-child alert is in force.</source>
        <translation>No missing-child alert is in force.</translation>
    </message>
    <message>
        <source>Alert %1 acknowledged at %2; the national server learns it with the next sync.</source>
        <translation>Alert %1 acknowledged at %2; the national server learns it with the next sync.</translation>
    </message>
    <message>
        <source>Recording the acknowledgement…</source>
        <translation>Recording the acknowledgement…</translation>
    </message>
    <message>
        <source>The alerts could not be read</source>
        <translation>The alerts could not be read</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <source>&amp;Assign</source>
        <translation>&amp;Assign</translation>
    </message>
    <message>
        <source>&amp;Officer</source>
        <translation>&amp;Officer</translation>
    </message>
</context>
<context>
    <name>BackupWatch</name>
    <message>
        <source>Never backed up</source>
        <translation>Never backed up</translation>
    </message>
    <message>
        <source>Last backup %1 days ago</source>
        <translation>Last backup %1 days ago</translation>
    </message>
    <message>
        <source>An administrator chooses a folder for daily backups under Station ▸ Scheduled backups…</source>
        <translation>An administrator chooses a folder for daily backups under Station ▸ Scheduled backups…</translation>
    </message>
    <message>
        <source>Only an administrator can schedule backups.</source>
        <translation>Only an administrator can schedule backups.</translation>
    </message>
    <message>
        <source>Folder for daily backups</source>
        <translation>Folder for daily backups</translation>
    </message>
    <message>
        <source>Exporting and encrypting the database…</source>
        <translation>Exporting and encrypting the database…</translation>
    </message>
    <message>
        <source>Daily backups go to %1</source>
        <translation>Daily backups go to %1</translation>
    </message>
    <message>
        <source>; one was made now.</source>
        <translation>; one was made now.</translation>
    </message>
    <message>
        <source>Scheduled backups</source>
        <translation>Scheduled backups</translation>
    </message>
    <message>
        <source>Checking the folder…</source>
        <translation>Checking the folder…</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>Backing up…</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Found</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Incident</translation>
    </message>
    <message>
        <source>Requested, waiting for a national operator</source>
        <translation>Requested, waiting for a national operator</translation>
    </message>
    <message>
        <source>Published in the national gallery</source>
        <translation>Published in the national gallery</translation>
    </message>
    <message>
        <source>Withdrawn from the gallery</source>
        <translation>Withdrawn from the gallery</translation>
    </message>
    <message>
        <source>Removed: the case was closed or voided</source>
        <translation>Removed: the case was closed or voided</translation>
    </message>
    <message>
        <source>national operator %1</source>
        <translation>national operator %1</translation>
    </message>
    <message>
        <source>this station: %1</source>
        <translation>this station: %1</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>Reported at</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <source>Exploitation</source>
        <translation>Exploitation</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>Void reason</source>
        <translation>Void reason</translation>
    </message>
    <message>
        <source>Review comment</source>
        <translation>Review comment</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Samples</translation>
    </message>
    <message>
        <source>National gallery</source>
        <translation>National gallery</translation>
    </message>
    <message>
        <source>(as the person says)</source>
        <translation>(as the person says)</translation>
    </message>
    <message>
        <source>Nicknames</source>
        <translation>Nicknames</translation>
    </message>
    <message>
        <source>Former names</source>
        <translation>Former names</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>Estimated age</source>
        <translation>Estimated age</translation>
    </message>
    <message>
        <source>years</source>
        <translation>years</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Height</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>Dialect</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>Household registration</source>
        <translation>Household registration</translation>
    </message>
    <message>
        <source>Current address</source>
        <translation>Current address</translation>
    </message>
    <message>
        <source>Distinguishing marks</source>
        <translation>Distinguishing marks</translation>
    </message>
    <message>
        <source>Clothing</source>
        <translation>Clothing</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Statement</translation>
    </message>
    <message>
        <source>DNA samples</source>
        <translation>DNA samples</translation>
    </message>
</context>
<context>
    <name>CaseDetailPane</name>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <source>&amp;Void…</source>
        <translation>&amp;Void…</translation>
    </message>
    <message>
        <source>Candidate matches</source>
        <translation>Candidate matches</translation>
    </message>
    <message>
        <source>Missing/found candidates for this case, with reasons (Ctrl+Shift+M)</source>
        <translation>Missing/found candidates for this case, with reasons (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Refer to another station…</source>
        <translation>Refer to another station…</translation>
    </message>
    <message>
        <source>Ask another station to act on this case: visit an address, take a relative&apos;s DNA sample, interview a witness</source>
        <translation>Ask another station to act on this case: visit an address, take a relative&apos;s DNA sample, interview a witness</translation>
    </message>
    <message>
        <source>Add p&amp;hoto…</source>
        <translation>Add p&amp;hoto…</translation>
    </message>
    <message>
        <source>Photo of</source>
        <translation>Photo of</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
    <message>
        <source>DNA samples</source>
        <translation>DNA samples</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Choose a case in the list to see it here.</source>
        <translation>Choose a case in the list to see it here.</translation>
    </message>
    <message>
        <source>Opening the case…</source>
        <translation>Opening the case…</translation>
    </message>
    <message>
        <source>The case could not be opened</source>
        <translation>The case could not be opened</translation>
    </message>
    <message>
        <source>Void requested; a supervisor must approve it</source>
        <translation>Void requested; a supervisor must approve it</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Changes saved as a new revision</source>
        <translation>Changes saved as a new revision</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation>Pictures (%1)</translation>
    </message>
    <message>
        <source>Photo added</source>
        <translation>Photo added</translation>
    </message>
    <message>
        <source>Withdraw from the gallery…</source>
        <translation>Withdraw from the gallery…</translation>
    </message>
    <message>
        <source>Publish in the gallery…</source>
        <translation>Publish in the gallery…</translation>
    </message>
    <message>
        <source>Reference %1, asked by %2</source>
        <translation>Reference %1, asked by %2</translation>
    </message>
    <message>
        <source>Only supervisors and admins ask to publish</source>
        <translation>Only supervisors and admins ask to publish</translation>
    </message>
</context>
<context>
    <name>CaseForm</name>
    <message>
        <source>exact spot: street, building, landmark</source>
        <translation>exact spot: street, building, landmark</translation>
    </message>
    <message>
        <source>how to reach the family or reporter</source>
        <translation>how to reach the family or reporter</translation>
    </message>
    <message>
        <source>This report has a reporter</source>
        <translation>This report has a reporter</translation>
    </message>
    <message>
        <source>&amp;Add person</source>
        <translation>&amp;Add person</translation>
    </message>
    <message>
        <source>Add person (Ctrl+Shift+A)</source>
        <translation>Add person (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>Remove this person</source>
        <translation>Remove this person</translation>
    </message>
    <message>
        <source>Last seen at</source>
        <translation>Last seen at</translation>
    </message>
    <message>
        <source>Last seen where</source>
        <translation>Last seen where</translation>
    </message>
    <message>
        <source>Found at</source>
        <translation>Found at</translation>
    </message>
    <message>
        <source>Found where</source>
        <translation>Found where</translation>
    </message>
    <message>
        <source>Incident time</source>
        <translation>Incident time</translation>
    </message>
    <message>
        <source>Incident place</source>
        <translation>Incident place</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Re&amp;ported at</source>
        <translation>Re&amp;ported at</translation>
    </message>
    <message>
        <source>Exploitation</source>
        <translation>Exploitation</translation>
    </message>
    <message>
        <source>&amp;What happened</source>
        <translation>&amp;What happened</translation>
    </message>
    <message>
        <source>Con&amp;tact</source>
        <translation>Con&amp;tact</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
</context>
<context>
    <name>CaseHistory</name>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Viewed</source>
        <translation>Viewed</translation>
    </message>
    <message>
        <source>Void requested</source>
        <translation>Void requested</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>Registration approved</source>
        <translation>Registration approved</translation>
    </message>
    <message>
        <source>Correction approved</source>
        <translation>Correction approved</translation>
    </message>
    <message>
        <source>Void approved</source>
        <translation>Void approved</translation>
    </message>
    <message>
        <source>Closure approved</source>
        <translation>Closure approved</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Edited</translation>
    </message>
    <message>
        <source>Resubmitted</source>
        <translation>Resubmitted</translation>
    </message>
    <message>
        <source>Closure requested</source>
        <translation>Closure requested</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Reopened</translation>
    </message>
    <message>
        <source>Registered despite a duplicate</source>
        <translation>Registered despite a duplicate</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>Photo added</source>
        <translation>Photo added</translation>
    </message>
    <message>
        <source>Sample added</source>
        <translation>Sample added</translation>
    </message>
    <message>
        <source>Sample handed over</source>
        <translation>Sample handed over</translation>
    </message>
    <message>
        <source>STR profile entered</source>
        <translation>STR profile entered</translation>
    </message>
    <message>
        <source>Sample status changed</source>
        <translation>Sample status changed</translation>
    </message>
</context>
<context>
    <name>CaseLifeBar</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>C&amp;lose case…</source>
        <translation>C&amp;lose case…</translation>
    </message>
    <message>
        <source>Re&amp;open…</source>
        <translation>Re&amp;open…</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>Re&amp;turn…</source>
        <translation>Re&amp;turn…</translation>
    </message>
    <message>
        <source>T&amp;ransfer…</source>
        <translation>T&amp;ransfer…</translation>
    </message>
    <message>
        <source>Transferred to %1 (%2): this station keeps a read-only copy; the receiving station changes it now.</source>
        <translation>Transferred to %1 (%2): this station keeps a read-only copy; the receiving station changes it now.</translation>
    </message>
    <message>
        <source>&amp;Correct and resubmit…</source>
        <translation>&amp;Correct and resubmit…</translation>
    </message>
    <message>
        <source>Returned for correction: %1</source>
        <translation>Returned for correction: %1</translation>
    </message>
    <message>
        <source>Closure requested; it takes effect on a supervisor&apos;s approval.</source>
        <translation>Closure requested; it takes effect on a supervisor&apos;s approval.</translation>
    </message>
    <message>
        <source>Closed: %1 — %2</source>
        <translation>Closed: %1 — %2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Closure requested; a supervisor must approve it</source>
        <translation>Closure requested; a supervisor must approve it</translation>
    </message>
    <message>
        <source>Reopen case %1</source>
        <translation>Reopen case %1</translation>
    </message>
    <message>
        <source>The case becomes open again; its closure stays in the record.</source>
        <translation>The case becomes open again; its closure stays in the record.</translation>
    </message>
    <message>
        <source>&amp;Reopen</source>
        <translation>&amp;Reopen</translation>
    </message>
    <message>
        <source>Case reopened</source>
        <translation>Case reopened</translation>
    </message>
    <message>
        <source>Transfer requested (Case ▸ Case transfers…)</source>
        <translation>Transfer requested (Case ▸ Case transfers…)</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Return case %1</source>
        <translation>Return case %1</translation>
    </message>
    <message>
        <source>The officer sees your comment, corrects the case and sends it again.</source>
        <translation>The officer sees your comment, corrects the case and sends it again.</translation>
    </message>
    <message>
        <source>&amp;Return</source>
        <translation>&amp;Return</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>&amp;Comment</translation>
    </message>
    <message>
        <source>Returned to the officer</source>
        <translation>Returned to the officer</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Matched on</source>
        <translation>Matched on</translation>
    </message>
    <message>
        <source>(name unknown)</source>
        <translation>(name unknown)</translation>
    </message>
    <message>
        <source>Counting cases…</source>
        <translation>Counting cases…</translation>
    </message>
    <message>
        <source>Loading cases…</source>
        <translation>Loading cases…</translation>
    </message>
</context>
<context>
    <name>CaseSearch</name>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
</context>
<context>
    <name>CasesBehindDialog</name>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alert</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <source>Close case %1</source>
        <translation>Close case %1</translation>
    </message>
    <message>
        <source>The case is closed once a supervisor other than you approves it. The family&apos;s receipt check then says it is closed; it can be reopened with a reason.</source>
        <translation>The case is closed once a supervisor other than you approves it. The family&apos;s receipt check then says it is closed; it can be reopened with a reason.</translation>
    </message>
    <message>
        <source>Ask for &amp;closure</source>
        <translation>Ask for &amp;closure</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>&amp;Outcome</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>Missing person</source>
        <translation>Missing person</translation>
    </message>
    <message>
        <source>Found person</source>
        <translation>Found person</translation>
    </message>
    <message>
        <source>Why they may be the same person</source>
        <translation>Why they may be the same person</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>Names</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>male</source>
        <translation>male</translation>
    </message>
    <message>
        <source>female</source>
        <translation>female</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Born</translation>
    </message>
    <message>
        <source>Estimated age</source>
        <translation>Estimated age</translation>
    </message>
    <message>
        <source>Height (cm)</source>
        <translation>Height (cm)</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>Marks</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Held by another station: ask it for the case file</source>
        <translation>Held by another station: ask it for the case file</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>Dialect</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
</context>
<context>
    <name>Confirmation</name>
    <message>
        <source>&amp;Print receipt</source>
        <translation>&amp;Print receipt</translation>
    </message>
    <message>
        <source>Print receipt (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>Print &amp;intake record</source>
        <translation>Print &amp;intake record</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <source>✔ %1 case registered</source>
        <translation>✔ %1 case registered</translation>
    </message>
    <message>
        <source>Verification code: %1</source>
        <translation>Verification code: %1</translation>
    </message>
    <message>
        <source>Give the family the printed receipt: it carries the case number and the verification code they need to ask about the case.</source>
        <translation>Give the family the printed receipt: it carries the case number and the verification code they need to ask about the case.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Reading the dashboard…</source>
        <translation>Reading the dashboard…</translation>
    </message>
    <message numerus="yes">
        <source>%n open case(s)</source>
        <translation>
            <numerusform>%n open case</numerusform>
            <numerusform>%n open cases</numerusform>
        </translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>as of %1</translation>
    </message>
    <message>
        <source>click a bar to list its cases</source>
        <translation>click a bar to list its cases</translation>
    </message>
    <message>
        <source>Not running until the station keeps alerts: %1</source>
        <translation>Not running until the station keeps alerts: %1</translation>
    </message>
    <message>
        <source>Listing the cases…</source>
        <translation>Listing the cases…</translation>
    </message>
</context>
<context>
    <name>DemoFill</name>
    <message>
        <source>Only an administrator can fill the station with demo cases.</source>
        <translation>Only an administrator can fill the station with demo cases.</translation>
    </message>
    <message>
        <source>Fill with demo cases</source>
        <translation>Fill with demo cases</translation>
    </message>
    <message>
        <source>Made-up cases for training, spread over two years by several officers, with reviews, closures, voids and DNA at every stage. Use it on a training station only.

How many cases?</source>
        <translation>Made-up cases for training, spread over two years by several officers, with reviews, closures, voids and DNA at every stage. Use it on a training station only.

How many cases?</translation>
    </message>
    <message>
        <source>Registering %1 demo cases and giving them a history…</source>
        <translation>Registering %1 demo cases and giving them a history…</translation>
    </message>
    <message>
        <source>%1 demo cases registered.</source>
        <translation>%1 demo cases registered.</translation>
    </message>
    <message>
        <source>No demo cases were made: %1</source>
        <translation>No demo cases were made: %1</translation>
    </message>
    <message>
        <source>Preparing the demo cases…</source>
        <translation>Preparing the demo cases…</translation>
    </message>
    <message>
        <source>Registering demo cases…</source>
        <translation>Registering demo cases…</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>Supervisor&apos;s desk — Xunren</source>
        <translation>Supervisor&apos;s desk — Xunren</translation>
    </message>
    <message>
        <source>Review queue (%1)</source>
        <translation>Review queue (%1)</translation>
    </message>
    <message>
        <source>Overdue (%1)</source>
        <translation>Overdue (%1)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Hand over an officer&apos;s cases…</source>
        <translation>Hand over an officer&apos;s cases…</translation>
    </message>
    <message>
        <source>Overdue rules…</source>
        <translation>Overdue rules…</translation>
    </message>
    <message>
        <source>Weekly report…</source>
        <translation>Weekly report…</translation>
    </message>
    <message>
        <source>Case transfers…</source>
        <translation>Case transfers…</translation>
    </message>
    <message>
        <source>Assign case %1</source>
        <translation>Assign case %1</translation>
    </message>
    <message>
        <source>The officer you choose answers for the case from now on; the change stays in its history.</source>
        <translation>The officer you choose answers for the case from now on; the change stays in its history.</translation>
    </message>
    <message>
        <source>Case %1: %2 → %3</source>
        <translation>Case %1: %2 → %3</translation>
    </message>
    <message>
        <source>Hand over an officer&apos;s cases</source>
        <translation>Hand over an officer&apos;s cases</translation>
    </message>
    <message>
        <source>Every active case of the officer chosen first goes to the second.</source>
        <translation>Every active case of the officer chosen first goes to the second.</translation>
    </message>
    <message>
        <source>&amp;Hand over</source>
        <translation>&amp;Hand over</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;To</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) handed over</source>
        <translation>
            <numerusform>%n case handed over</numerusform>
            <numerusform>%n cases handed over</numerusform>
        </translation>
    </message>
    <message>
        <source>That officer answers for no active case</source>
        <translation>That officer answers for no active case</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) changed</source>
        <translation>
            <numerusform>%n rule changed</numerusform>
            <numerusform>%n rules changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DnaPanel</name>
    <message>
        <source>DNA comparison</source>
        <translation>DNA comparison</translation>
    </message>
    <message>
        <source>mother</source>
        <translation>mother</translation>
    </message>
    <message>
        <source>father</source>
        <translation>father</translation>
    </message>
    <message>
        <source>both parents</source>
        <translation>both parents</translation>
    </message>
    <message>
        <source>full sibling</source>
        <translation>full sibling</translation>
    </message>
    <message>
        <source>half sibling</source>
        <translation>half sibling</translation>
    </message>
    <message>
        <source>grandparent</source>
        <translation>grandparent</translation>
    </message>
    <message>
        <source>aunt or uncle</source>
        <translation>aunt or uncle</translation>
    </message>
    <message>
        <source>parent and child</source>
        <translation>parent and child</translation>
    </message>
    <message>
        <source>both parents and child (trio)</source>
        <translation>both parents and child (trio)</translation>
    </message>
    <message>
        <source>parent and child, the other parent known</source>
        <translation>parent and child, the other parent known</translation>
    </message>
    <message>
        <source>full siblings</source>
        <translation>full siblings</translation>
    </message>
    <message>
        <source>second-degree relatives (half sibling, grandparent, aunt or uncle)</source>
        <translation>second-degree relatives (half sibling, grandparent, aunt or uncle)</translation>
    </message>
    <message>
        <source>supports — needs human re-check</source>
        <translation>supports — needs human re-check</translation>
    </message>
    <message>
        <source>excludes</source>
        <translation>excludes</translation>
    </message>
    <message>
        <source>inconclusive: a full sibling explains it about as well; type the other parent or more loci</source>
        <translation>inconclusive: a full sibling explains it about as well; type the other parent or more loci</translation>
    </message>
    <message>
        <source>inconclusive: a half sibling, grandparent, aunt or uncle explains it about as well; type the other parent or more loci</source>
        <translation>inconclusive: a half sibling, grandparent, aunt or uncle explains it about as well; type the other parent or more loci</translation>
    </message>
    <message>
        <source>inconclusive: the recorded ages do not allow a parent; check the ages and the relation</source>
        <translation>inconclusive: the recorded ages do not allow a parent; check the ages and the relation</translation>
    </message>
    <message>
        <source>inconclusive: too few loci for the standard, or 2 loci inconsistent; type more loci or the other parent</source>
        <translation>inconclusive: too few loci for the standard, or 2 loci inconsistent; type more loci or the other parent</translation>
    </message>
    <message>
        <source>inconclusive: type more loci or another relative</source>
        <translation>inconclusive: type more loci or another relative</translation>
    </message>
    <message>
        <source>Relative tested</source>
        <translation>Relative tested</translation>
    </message>
    <message>
        <source>Hypothesis</source>
        <translation>Hypothesis</translation>
    </message>
    <message>
        <source>Likelihood ratio (LR)</source>
        <translation>Likelihood ratio (LR)</translation>
    </message>
    <message>
        <source>Loci compared</source>
        <translation>Loci compared</translation>
    </message>
    <message>
        <source>%1 (%2 inconsistent)</source>
        <translation>%1 (%2 inconsistent)</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Rank in the screen</source>
        <translation>Rank in the screen</translation>
    </message>
    <message>
        <source>%1 of %2 profiles compared</source>
        <translation>%1 of %2 profiles compared</translation>
    </message>
    <message>
        <source>Unrelated profiles expected by chance</source>
        <translation>Unrelated profiles expected by chance</translation>
    </message>
    <message>
        <source>%1 in a database of %2 reaching this LR</source>
        <translation>%1 in a database of %2 reaching this LR</translation>
    </message>
</context>
<context>
    <name>DuplicateDialog</name>
    <message>
        <source>Possible duplicate</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>This person may already be registered:
%1

Open the existing case, or register this one anyway and say why it is not a duplicate.</source>
        <translation>This person may already be registered:
%1

Open the existing case, or register this one anyway and say why it is not a duplicate.</translation>
    </message>
    <message>
        <source>&amp;Register anyway</source>
        <translation>&amp;Register anyway</translation>
    </message>
    <message>
        <source>&amp;Open %1</source>
        <translation>&amp;Open %1</translation>
    </message>
    <message>
        <source>same ID number</source>
        <translation>same ID number</translation>
    </message>
    <message>
        <source>same name, birth date and reporter&apos;s phone</source>
        <translation>same name, birth date and reporter&apos;s phone</translation>
    </message>
</context>
<context>
    <name>EndPrompt</name>
    <message>
        <source>Why (kept with the transfer and in the audit log)</source>
        <translation>Why (kept with the transfer and in the audit log)</translation>
    </message>
    <message>
        <source>The reason is too long: at most %1 characters.</source>
        <translation>The reason is too long: at most %1 characters.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol with the national server</source>
        <translation>Enrol with the national server</translation>
    </message>
    <message>
        <source>Enrolment pac&amp;kage</source>
        <translation>Enrolment pac&amp;kage</translation>
    </message>
    <message>
        <source>Only for a station just set up with the same station code and no case: every case, sample, hand-over and photo the server holds of this station comes back, numbering goes on above the server&apos;s highest numbers. Over the network, use the token from station rotate; from a USB stick, the rebuild package from station rotate --package --rebuild and its passphrase.</source>
        <translation>Only for a station just set up with the same station code and no case: every case, sample, hand-over and photo the server holds of this station comes back, numbering goes on above the server&apos;s highest numbers. Over the network, use the token from station rotate; from a USB stick, the rebuild package from station rotate --package --rebuild and its passphrase.</translation>
    </message>
    <message>
        <source>&amp;Server address</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <source>One-time &amp;token</source>
        <translation>One-time &amp;token</translation>
    </message>
    <message>
        <source>&amp;Bundle key (optional)</source>
        <translation>&amp;Bundle key (optional)</translation>
    </message>
    <message>
        <source>Package &amp;passphrase</source>
        <translation>Package &amp;passphrase</translation>
    </message>
    <message>
        <source>Over the &amp;network</source>
        <translation>Over the &amp;network</translation>
    </message>
    <message>
        <source>From a package on a &amp;USB stick (no network)</source>
        <translation>From a package on a &amp;USB stick (no network)</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Choose…</translation>
    </message>
    <message>
        <source>&amp;Rebuild this station&apos;s register from the server (the station lost its disk)</source>
        <translation>&amp;Rebuild this station&apos;s register from the server (the station lost its disk)</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>&amp;Enrol</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>A station that lost its disk and never reaches the network takes its register back from a rebuild package: the national operator writes it to a USB stick (xunren-server station rotate … --package … --rebuild) and reads you its passphrase, 24 digits, by phone. Then write a sync bundle for the server as usual.</source>
        <translation>A station that lost its disk and never reaches the network takes its register back from a rebuild package: the national operator writes it to a USB stick (xunren-server station rotate … --package … --rebuild) and reads you its passphrase, 24 digits, by phone. Then write a sync bundle for the server as usual.</translation>
    </message>
    <message>
        <source>A station the network never reaches enrols from a package: the national operator writes it to a USB stick (xunren-server station add … --package) and reads you its passphrase, 24 digits, by phone. Changes then travel on the stick as sync bundles (xunren sync export and sync import).</source>
        <translation>A station the network never reaches enrols from a package: the national operator writes it to a USB stick (xunren-server station add … --package) and reads you its passphrase, 24 digits, by phone. Changes then travel on the stick as sync bundles (xunren sync export and sync import).</translation>
    </message>
    <message>
        <source>Enrolling connects this station to the national server. The server&apos;s operator gives you its address and a one-time token. The server gives its bundle key (for sync bundles on a USB stick) at enrolment; a bundle key typed here is checked against it. Everything waiting here is sent once enrolled.</source>
        <translation>Enrolling connects this station to the national server. The server&apos;s operator gives you its address and a one-time token. The server gives its bundle key (for sync bundles on a USB stick) at enrolment; a bundle key typed here is checked against it. Everything waiting here is sent once enrolled.</translation>
    </message>
    <message>
        <source>Enrolment package</source>
        <translation>Enrolment package</translation>
    </message>
    <message>
        <source>Enrolment and rebuild packages (*.xep *.xrp);;All files (*)</source>
        <translation>Enrolment and rebuild packages (*.xep *.xrp);;All files (*)</translation>
    </message>
    <message>
        <source>%1: required</source>
        <translation>%1: required</translation>
    </message>
    <message>
        <source>Only an administrator can enrol the station.</source>
        <translation>Only an administrator can enrol the station.</translation>
    </message>
    <message>
        <source>Rebuilding from the national server</source>
        <translation>Rebuilding from the national server</translation>
    </message>
    <message>
        <source>Opening the rebuild package…</source>
        <translation>Opening the rebuild package…</translation>
    </message>
    <message>
        <source>Enrolling and asking the server what it holds of this station…</source>
        <translation>Enrolling and asking the server what it holds of this station…</translation>
    </message>
    <message>
        <source>Cases and records back: %1 of %2</source>
        <translation>Cases and records back: %1 of %2</translation>
    </message>
    <message>
        <source>Photos back: %1 of %2 records</source>
        <translation>Photos back: %1 of %2 records</translation>
    </message>
    <message>
        <source>Synchronising with the server…</source>
        <translation>Synchronising with the server…</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Asking the server…</translation>
    </message>
    <message>
        <source>Opening the package…</source>
        <translation>Opening the package…</translation>
    </message>
</context>
<context>
    <name>EnumLabels</name>
    <message>
        <source>(not given)</source>
        <translation>(not given)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong inside the program; nothing was lost. Details are in the log.</source>
        <translation>Something went wrong inside the program; nothing was lost. Details are in the log.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;ype:</translation>
    </message>
    <message>
        <source>Stat&amp;us:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <source>Offi&amp;cer:</source>
        <translation>Offi&amp;cer:</translation>
    </message>
    <message>
        <source>Regis&amp;tered:</source>
        <translation>Regis&amp;tered:</translation>
    </message>
    <message>
        <source>anyone</source>
        <translation>anyone</translation>
    </message>
    <message>
        <source>&amp;My cases</source>
        <translation>&amp;My cases</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>any time</translation>
    </message>
    <message>
        <source>today</source>
        <translation>today</translation>
    </message>
    <message>
        <source>last 7 days</source>
        <translation>last 7 days</translation>
    </message>
    <message>
        <source>last 30 days</source>
        <translation>last 30 days</translation>
    </message>
    <message>
        <source>last 12 months</source>
        <translation>last 12 months</translation>
    </message>
    <message>
        <source>all</source>
        <translation>all</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Xunren — set up this station</source>
        <translation>Xunren — set up this station</translation>
    </message>
    <message>
        <source>Restore from a &amp;backup…</source>
        <translation>Restore from a &amp;backup…</translation>
    </message>
    <message>
        <source>Creating the encrypted station…</source>
        <translation>Creating the encrypted station…</translation>
    </message>
    <message>
        <source>The station is ready. Recovery key:</source>
        <translation>The station is ready. Recovery key:</translation>
    </message>
    <message>
        <source>Printing is not available in this build.</source>
        <translation>Printing is not available in this build.</translation>
    </message>
    <message>
        <source>Recovery sheet</source>
        <translation>Recovery sheet</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>Intake record</source>
        <translation>Intake record</translation>
    </message>
    <message>
        <source>Receipt for the family</source>
        <translation>Receipt for the family</translation>
    </message>
    <message>
        <source>DNA sample collection form</source>
        <translation>DNA sample collection form</translation>
    </message>
    <message>
        <source>Missing-person poster</source>
        <translation>Missing-person poster</translation>
    </message>
    <message>
        <source>Case summary / transfer form</source>
        <translation>Case summary / transfer form</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand-over of sample %1</source>
        <translation>Hand-over of sample %1</translation>
    </message>
    <message>
        <source>person and unit receiving the sample</source>
        <translation>person and unit receiving the sample</translation>
    </message>
    <message>
        <source>To the laboratory for profiling</source>
        <translation>To the laboratory for profiling</translation>
    </message>
    <message>
        <source>Into storage</source>
        <translation>Into storage</translation>
    </message>
    <message>
        <source>Transfer to another unit</source>
        <translation>Transfer to another unit</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;From</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;To</translation>
    </message>
    <message>
        <source>&amp;Purpose</source>
        <translation>&amp;Purpose</translation>
    </message>
    <message>
        <source>&amp;When</source>
        <translation>&amp;When</translation>
    </message>
    <message>
        <source>Say who handed the sample over and who received it.</source>
        <translation>Say who handed the sample over and who received it.</translation>
    </message>
    <message>
        <source>The hand-over cannot lie in the future.</source>
        <translation>The hand-over cannot lie in the future.</translation>
    </message>
</context>
<context>
    <name>HistoryTable</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>New case — %1</source>
        <translation>New case — %1</translation>
    </message>
    <message>
        <source>&amp;Restore draft</source>
        <translation>&amp;Restore draft</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <source>&amp;Save case</source>
        <translation>&amp;Save case</translation>
    </message>
    <message>
        <source>Save case (Ctrl+S)</source>
        <translation>Save case (Ctrl+S)</translation>
    </message>
    <message>
        <source>Close (draft is kept)</source>
        <translation>Close (draft is kept)</translation>
    </message>
    <message>
        <source>Edit case %1</source>
        <translation>Edit case %1</translation>
    </message>
    <message>
        <source>Save and &amp;resubmit</source>
        <translation>Save and &amp;resubmit</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>&amp;Save changes</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>Close without saving</translation>
    </message>
    <message>
        <source>Returned by the supervisor: %1</source>
        <translation>Returned by the supervisor: %1</translation>
    </message>
    <message>
        <source>Nothing to save yet: type the report first.</source>
        <translation>Nothing to save yet: type the report first.</translation>
    </message>
    <message numerus="yes">
        <source>Not saved: %n problem(s) to fix first. Nothing you typed is lost.</source>
        <translation>
            <numerusform>Not saved: %n problem to fix first. Nothing you typed is lost.</numerusform>
            <numerusform>Not saved: %n problems to fix first. Nothing you typed is lost.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Saving the case…</source>
        <translation>Saving the case…</translation>
    </message>
    <message>
        <source>A photo could not be stored</source>
        <translation>A photo could not be stored</translation>
    </message>
    <message>
        <source>Not saved yet: this person may already be registered.</source>
        <translation>Not saved yet: this person may already be registered.</translation>
    </message>
    <message>
        <source>Why is case %1 changed?</source>
        <translation>Why is case %1 changed?</translation>
    </message>
    <message>
        <source>Every change is kept as a revision with your name, the time and this reason.</source>
        <translation>Every change is kept as a revision with your name, the time and this reason.</translation>
    </message>
    <message>
        <source>The correction is sent back to the supervisor for review.</source>
        <translation>The correction is sent back to the supervisor for review.</translation>
    </message>
    <message>
        <source>Save and resubmit</source>
        <translation>Save and resubmit</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>The case could not be saved; your entry is kept</source>
        <translation>The case could not be saved; your entry is kept</translation>
    </message>
    <message>
        <source>The draft could not be kept</source>
        <translation>The draft could not be kept</translation>
    </message>
    <message>
        <source>An unsaved report of this kind from %1 was kept. Restore it?</source>
        <translation>An unsaved report of this kind from %1 was kept. Restore it?</translation>
    </message>
</context>
<context>
    <name>LabImport</name>
    <message>
        <source>Import lab results</source>
        <translation>Import lab results</translation>
    </message>
    <message>
        <source>Lab exports (*.csv *.txt *.tsv);;All files (*)</source>
        <translation>Lab exports (*.csv *.txt *.tsv);;All files (*)</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Checking %1…</translation>
    </message>
    <message>
        <source>Storing the profiles of %1…</source>
        <translation>Storing the profiles of %1…</translation>
    </message>
    <message>
        <source>%1 STR profiles imported.</source>
        <translation>%1 STR profiles imported.</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>Import cancelled: no profile of the file was stored.</source>
        <translation>Import cancelled: no profile of the file was stored.</translation>
    </message>
    <message>
        <source>The file is larger than 20 MB: it is no lab export.</source>
        <translation>The file is larger than 20 MB: it is no lab export.</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>The file cannot be read.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Screen locked</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>Log &amp;off</source>
        <translation>Log &amp;off</translation>
    </message>
    <message>
        <source>%1 is logged on at %2. Enter the password to go on.</source>
        <translation>%1 is logged on at %2. Enter the password to go on.</translation>
    </message>
</context>
<context>
    <name>Logon</name>
    <message>
        <source>This system holds personal data about missing and trafficked persons and their families. Use it only for official police work. Every logon, view, change and print is recorded in a tamper-evident audit log. Unauthorised access or disclosure is an offence.</source>
        <translation>This system holds personal data about missing and trafficked persons and their families. Use it only for official police work. Every logon, view, change and print is recorded in a tamper-evident audit log. Unauthorised access or disclosure is an offence.</translation>
    </message>
    <message>
        <source>TEST MODE: weak key derivation</source>
        <translation>TEST MODE: weak key derivation</translation>
    </message>
</context>
<context>
    <name>LogonWindow</name>
    <message>
        <source>Xunren — log on</source>
        <translation>Xunren — log on</translation>
    </message>
    <message>
        <source>Xunren missing persons register — log on</source>
        <translation>Xunren missing persons register — log on</translation>
    </message>
    <message>
        <source>I have read and &amp;agree</source>
        <translation>I have read and &amp;agree</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Log on</source>
        <translation>&amp;Log on</translation>
    </message>
    <message>
        <source>Forgot the password? Use the recovery key…</source>
        <translation>Forgot the password? Use the recovery key…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>Restore from a backup…</translation>
    </message>
    <message>
        <source>TEST MODE: the weak key derivation for tests is on (XUNREN_TEST_WEAK_KDF=1). Passwords set now are cheap to guess. Never run a real station like this.</source>
        <translation>TEST MODE: the weak key derivation for tests is on (XUNREN_TEST_WEAK_KDF=1). Passwords set now are cheap to guess. Never run a real station like this.</translation>
    </message>
    <message>
        <source>Please read the notice and tick “I have read and agree” first.</source>
        <translation>Please read the notice and tick “I have read and agree” first.</translation>
    </message>
    <message>
        <source>Logging on…</source>
        <translation>Logging on…</translation>
    </message>
    <message>
        <source>Station %1 was restored from the backup (audit chain of %2 entries verified). Log on.</source>
        <translation>Station %1 was restored from the backup (audit chain of %2 entries verified). Log on.</translation>
    </message>
    <message>
        <source>Opening the encrypted station…</source>
        <translation>Opening the encrypted station…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Xunren — locked</source>
        <translation>Xunren — locked</translation>
    </message>
    <message>
        <source>Xunren — %1</source>
        <translation>Xunren — %1</translation>
    </message>
    <message>
        <source>Search: name, pinyin, initials, ID number, phone, case number (Ctrl+F)</source>
        <translation>Search: name, pinyin, initials, ID number, phone, case number (Ctrl+F)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>%1 (%2) · %3 %4</source>
        <translation>%1 (%2) · %3 %4</translation>
    </message>
    <message>
        <source>Review %1 · Overdue %2</source>
        <translation>Review %1 · Overdue %2</translation>
    </message>
    <message>
        <source>Open the supervisor&apos;s desk (Ctrl+D)</source>
        <translation>Open the supervisor&apos;s desk (Ctrl+D)</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) found</source>
        <translation>
            <numerusform>%n case found</numerusform>
            <numerusform>%n cases found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
    <message>
        <source>New case</source>
        <translation>New case</translation>
    </message>
    <message>
        <source>The intake forms are not available in this build.</source>
        <translation>The intake forms are not available in this build.</translation>
    </message>
    <message>
        <source>Choose a case first: its candidates are shown then.</source>
        <translation>Choose a case first: its candidates are shown then.</translation>
    </message>
    <message>
        <source>Only an administrator can enrol the station.</source>
        <translation>Only an administrator can enrol the station.</translation>
    </message>
    <message>
        <source>Station %1 is enrolled from the package; changes travel on the USB stick (xunren sync export).</source>
        <translation>Station %1 is enrolled from the package; changes travel on the USB stick (xunren sync export).</translation>
    </message>
    <message>
        <source>Station %1 is enrolled with %2; what waits here is being sent.</source>
        <translation>Station %1 is enrolled with %2; what waits here is being sent.</translation>
    </message>
    <message>
        <source>The register was rebuilt from the national server: %1 records came back.</source>
        <translation>The register was rebuilt from the national server: %1 records came back.</translation>
    </message>
    <message numerus="yes">
        <source>Referrals from other stations waiting for an answer: %n (F7)</source>
        <translation>
            <numerusform>Referrals from other stations waiting for an answer: %n (F7)</numerusform>
            <numerusform>Referrals from other stations waiting for an answer: %n (F7)</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the password…</source>
        <translation>Checking the password…</translation>
    </message>
    <message>
        <source>About Xunren</source>
        <translation>About Xunren</translation>
    </message>
    <message>
        <source>Xunren (寻人): the station register of missing, found and trafficked persons.</source>
        <translation>Xunren (寻人): the station register of missing, found and trafficked persons.</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Case</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Matches</source>
        <translation>&amp;Matches</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>Su&amp;pervisor</source>
        <translation>Su&amp;pervisor</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>New &amp;missing person case</source>
        <translation>New &amp;missing person case</translation>
    </message>
    <message>
        <source>New &amp;found person case</source>
        <translation>New &amp;found person case</translation>
    </message>
    <message>
        <source>New &amp;trafficking case</source>
        <translation>New &amp;trafficking case</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>Go to the case &amp;list</source>
        <translation>Go to the case &amp;list</translation>
    </message>
    <message>
        <source>Go to the case &amp;detail</source>
        <translation>Go to the case &amp;detail</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Match &amp;candidates waiting for review</source>
        <translation>Match &amp;candidates waiting for review</translation>
    </message>
    <message>
        <source>Matches for &amp;this case</source>
        <translation>Matches for &amp;this case</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>Sync &amp;problems…</source>
        <translation>Sync &amp;problems…</translation>
    </message>
    <message>
        <source>Supervisor&apos;s &amp;desk</source>
        <translation>Supervisor&apos;s &amp;desk</translation>
    </message>
    <message>
        <source>&amp;Weekly report…</source>
        <translation>&amp;Weekly report…</translation>
    </message>
    <message>
        <source>Missing-child &amp;alerts…</source>
        <translation>Missing-child &amp;alerts…</translation>
    </message>
    <message>
        <source>Re&amp;ferrals between stations…</source>
        <translation>Re&amp;ferrals between stations…</translation>
    </message>
    <message>
        <source>Case &amp;transfers…</source>
        <translation>Case &amp;transfers…</translation>
    </message>
    <message>
        <source>&amp;Enrol with the national server…</source>
        <translation>&amp;Enrol with the national server…</translation>
    </message>
    <message>
        <source>&amp;Write a USB bundle…</source>
        <translation>&amp;Write a USB bundle…</translation>
    </message>
    <message>
        <source>&amp;Read the server&apos;s answer…</source>
        <translation>&amp;Read the server&apos;s answer…</translation>
    </message>
    <message>
        <source>&amp;Lock the screen</source>
        <translation>&amp;Lock the screen</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>Se&amp;ttings…</translation>
    </message>
    <message>
        <source>Scheduled &amp;backups…</source>
        <translation>Scheduled &amp;backups…</translation>
    </message>
    <message>
        <source>Import la&amp;b results…</source>
        <translation>Import la&amp;b results…</translation>
    </message>
    <message>
        <source>Fill with &amp;demo cases…</source>
        <translation>Fill with &amp;demo cases…</translation>
    </message>
    <message>
        <source>&amp;Accounts and station…</source>
        <translation>&amp;Accounts and station…</translation>
    </message>
    <message>
        <source>Log &amp;off</source>
        <translation>Log &amp;off</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;About Xunren</source>
        <translation>&amp;About Xunren</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Matches</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>T&amp;ips from the public…</source>
        <translation>T&amp;ips from the public…</translation>
    </message>
</context>
<context>
    <name>MatchesView</name>
    <message>
        <source>Match candidates</source>
        <translation>Match candidates</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Confirm match</source>
        <translation>&amp;Confirm match</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Re&amp;ject</translation>
    </message>
    <message>
        <source>Mark re&amp;united</source>
        <translation>Mark re&amp;united</translation>
    </message>
    <message>
        <source>Re-chec&amp;k DNA hit</source>
        <translation>Re-chec&amp;k DNA hit</translation>
    </message>
    <message>
        <source>A supervisor other than the one who confirmed the match re-checks the DNA hit</source>
        <translation>A supervisor other than the one who confirmed the match re-checks the DNA hit</translation>
    </message>
    <message>
        <source>Reason for rejecting (required to reject)</source>
        <translation>Reason for rejecting (required to reject)</translation>
    </message>
    <message>
        <source>Missing case</source>
        <translation>Missing case</translation>
    </message>
    <message>
        <source>Found case</source>
        <translation>Found case</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>DNA</source>
        <translation>DNA</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Match candidates waiting for review</source>
        <translation>Match candidates waiting for review</translation>
    </message>
    <message>
        <source>Match candidates for case %1</source>
        <translation>Match candidates for case %1</translation>
    </message>
    <message>
        <source>Matching…</source>
        <translation>Matching…</translation>
    </message>
    <message>
        <source>%1 candidates</source>
        <translation>%1 candidates</translation>
    </message>
    <message>
        <source>%1 (national, offline index)</source>
        <translation>%1 (national, offline index)</translation>
    </message>
    <message>
        <source>From the national offline index: the server confirms or replaces it at the next sync</source>
        <translation>From the national offline index: the server confirms or replaces it at the next sync</translation>
    </message>
    <message>
        <source>DNA hit: after the match is confirmed, a second supervisor re-checks it before any reunion</source>
        <translation>DNA hit: after the match is confirmed, a second supervisor re-checks it before any reunion</translation>
    </message>
    <message>
        <source>Nothing of case %1 has come from the server yet</source>
        <translation>Nothing of case %1 has come from the server yet</translation>
    </message>
    <message>
        <source>supports</source>
        <translation>supports</translation>
    </message>
    <message>
        <source>excludes</source>
        <translation>excludes</translation>
    </message>
    <message>
        <source>inconclusive</source>
        <translation>inconclusive</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Type the reason for rejecting first</source>
        <translation>Type the reason for rejecting first</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>Closing both cases was proposed; a supervisor approves it in each case.</source>
        <translation>Closing both cases was proposed; a supervisor approves it in each case.</translation>
    </message>
    <message>
        <source>The operation failed</source>
        <translation>The operation failed</translation>
    </message>
</context>
<context>
    <name>MatchesWindow</name>
    <message>
        <source>Match candidates — Xunren</source>
        <translation>Match candidates — Xunren</translation>
    </message>
</context>
<context>
    <name>NationalCaseDialog</name>
    <message>
        <source>Another station&apos;s case %1</source>
        <translation>Another station&apos;s case %1</translation>
    </message>
    <message>
        <source>Another station&apos;s case (national candidate, read-only)</source>
        <translation>Another station&apos;s case (national candidate, read-only)</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>not given</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Owning station</source>
        <translation>Owning station</translation>
    </message>
    <message>
        <source>Station phone</source>
        <translation>Station phone</translation>
    </message>
    <message>
        <source>Station address</source>
        <translation>Station address</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <source>estimated age %1</source>
        <translation>estimated age %1</translation>
    </message>
    <message>
        <source>height %1 cm</source>
        <translation>height %1 cm</translation>
    </message>
    <message>
        <source>marks</source>
        <translation>marks</translation>
    </message>
    <message>
        <source>clothing</source>
        <translation>clothing</translation>
    </message>
    <message>
        <source>dialect</source>
        <translation>dialect</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>held by the owning station</source>
        <translation>held by the owning station</translation>
    </message>
</context>
<context>
    <name>NotePrompt</name>
    <message>
        <source>Why (kept with the change and in the audit log)</source>
        <translation>Why (kept with the change and in the audit log)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <source>Write a note saying why.</source>
        <translation>Write a note saying why.</translation>
    </message>
</context>
<context>
    <name>OverdueRulesDialog</name>
    <message>
        <source>Overdue rules</source>
        <translation>Overdue rules</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>A case is overdue once a rule&apos;s hours have passed; a rule switched off is not checked.</source>
        <translation>A case is overdue once a rule&apos;s hours have passed; a rule switched off is not checked.</translation>
    </message>
</context>
<context>
    <name>OverdueView</name>
    <message>
        <source>&amp;Rule:</source>
        <translation>&amp;Rule:</translation>
    </message>
    <message>
        <source>&amp;Assign to…</source>
        <translation>&amp;Assign to…</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>&amp;Open case</translation>
    </message>
    <message>
        <source>every rule</source>
        <translation>every rule</translation>
    </message>
    <message>
        <source>Checking the overdue rules…</source>
        <translation>Checking the overdue rules…</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>Open a&amp;lert</source>
        <translation>Open a&amp;lert</translation>
    </message>
    <message>
        <source>Another station&apos;s case: acknowledge its alert instead</source>
        <translation>Another station&apos;s case: acknowledge its alert instead</translation>
    </message>
</context>
<context>
    <name>PersonEditor</name>
    <message>
        <source>Name as the person says it (not verified)</source>
        <translation>Name as the person says it (not verified)</translation>
    </message>
    <message>
        <source>separate with 、 or ,</source>
        <translation>separate with 、 or ,</translation>
    </message>
    <message>
        <source>18 digits, last may be X</source>
        <translation>18 digits, last may be X</translation>
    </message>
    <message>
        <source>years</source>
        <translation>years</translation>
    </message>
    <message>
        <source>e.g. self, mother, father</source>
        <translation>e.g. self, mother, father</translation>
    </message>
    <message>
        <source>where the person says they come from</source>
        <translation>where the person says they come from</translation>
    </message>
    <message>
        <source>street and number</source>
        <translation>street and number</translation>
    </message>
    <message>
        <source>Add DNA &amp;sample…</source>
        <translation>Add DNA &amp;sample…</translation>
    </message>
    <message>
        <source>Remove sample</source>
        <translation>Remove sample</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Nic&amp;knames</source>
        <translation>Nic&amp;knames</translation>
    </message>
    <message>
        <source>Former names</source>
        <translation>Former names</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <source>Se&amp;x</source>
        <translation>Se&amp;x</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>&amp;Birth date</translation>
    </message>
    <message>
        <source>Estimated &amp;age</source>
        <translation>Estimated &amp;age</translation>
    </message>
    <message>
        <source>&amp;Height</source>
        <translation>&amp;Height</translation>
    </message>
    <message>
        <source>B&amp;uild</source>
        <translation>B&amp;uild</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>Re&amp;lation</source>
        <translation>Re&amp;lation</translation>
    </message>
    <message>
        <source>&amp;Dialect</source>
        <translation>&amp;Dialect</translation>
    </message>
    <message>
        <source>&amp;Origin</source>
        <translation>&amp;Origin</translation>
    </message>
    <message>
        <source>Household re&amp;gistration</source>
        <translation>Household re&amp;gistration</translation>
    </message>
    <message>
        <source>Current add&amp;ress</source>
        <translation>Current add&amp;ress</translation>
    </message>
    <message>
        <source>Distinguishing &amp;marks</source>
        <translation>Distinguishing &amp;marks</translation>
    </message>
    <message>
        <source>&amp;Clothing</source>
        <translation>&amp;Clothing</translation>
    </message>
    <message>
        <source>S&amp;tatement</source>
        <translation>S&amp;tatement</translation>
    </message>
    <message>
        <source>DNA samples</source>
        <translation>DNA samples</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>what the reporter says happened</source>
        <translation>what the reporter says happened</translation>
    </message>
    <message>
        <source>From the ID number: born %1, %2, %3</source>
        <translation>From the ID number: born %1, %2, %3</translation>
    </message>
    <message>
        <source>consent given</source>
        <translation>consent given</translation>
    </message>
    <message>
        <source>no consent</source>
        <translation>no consent</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Add &amp;photo…</source>
        <translation>Add &amp;photo…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>Pictures (%1)</source>
        <translation>Pictures (%1)</translation>
    </message>
    <message>
        <source>Reading photos…</source>
        <translation>Reading photos…</translation>
    </message>
    <message>
        <source>The photo could not be read</source>
        <translation>The photo could not be read</translation>
    </message>
    <message>
        <source>Photo %1</source>
        <translation>Photo %1</translation>
    </message>
</context>
<context>
    <name>PlacePicker</name>
    <message>
        <source>Name, pinyin or initials, e.g. 寿光 / shouguang / sg</source>
        <translation>Name, pinyin or initials, e.g. 寿光 / shouguang / sg</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Print preview — %1</source>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <source>Save as PDF (Ctrl+S)</source>
        <translation>Save as PDF (Ctrl+S)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Preparing the form…</source>
        <translation>Preparing the form…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message>
        <source>The form could not be made</source>
        <translation>The form could not be made</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>Sending to the printer…</source>
        <translation>Sending to the printer…</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer</source>
        <translation>
            <numerusform>Sent %n page to the printer</numerusform>
            <numerusform>Sent %n pages to the printer</numerusform>
        </translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Saved to %1</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>STR profile of sample %1</source>
        <translation>STR profile of sample %1</translation>
    </message>
    <message>
        <source>Locus</source>
        <translation>Locus</translation>
    </message>
    <message>
        <source>Allele 1</source>
        <translation>Allele 1</translation>
    </message>
    <message>
        <source>Allele 2</source>
        <translation>Allele 2</translation>
    </message>
    <message>
        <source>&amp;Kit</source>
        <translation>&amp;Kit</translation>
    </message>
    <message>
        <source>Type the alleles as the lab report gives them (e.g. 9.3); Tab moves on.</source>
        <translation>Type the alleles as the lab report gives them (e.g. 9.3); Tab moves on.</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Stops the work: nothing of it is kept.</source>
        <translation>Stops the work: nothing of it is kept.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>Cancelling… nothing of this work will be kept.</source>
        <translation>Cancelling… nothing of this work will be kept.</translation>
    </message>
</context>
<context>
    <name>PublicationDialog</name>
    <message>
        <source>Publish in the national gallery: %1</source>
        <translation>Publish in the national gallery: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>Estimated age when found</source>
        <translation>Estimated age when found</translation>
    </message>
    <message>
        <source>Found on</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>Found in</translation>
    </message>
    <message>
        <source>Station phone</source>
        <translation>Station phone</translation>
    </message>
    <message>
        <source>Only the photo and the facts beside it are published. The name, what the child said, marks, the place in words and the case number stay at the station. A national operator decides; the child leaves the gallery at once when the case is closed or voided.</source>
        <translation>Only the photo and the facts beside it are published. The name, what the child said, marks, the place in words and the case number stay at the station. A national operator decides; the child leaves the gallery at once when the case is closed or voided.</translation>
    </message>
    <message>
        <source>e.g. the article of law and why the guardians cannot be found</source>
        <translation>e.g. the article of law and why the guardians cannot be found</translation>
    </message>
    <message>
        <source>&amp;Legal basis</source>
        <translation>&amp;Legal basis</translation>
    </message>
    <message>
        <source>Ask to publish</source>
        <translation>Ask to publish</translation>
    </message>
    <message>
        <source>State the legal basis for publishing.</source>
        <translation>State the legal basis for publishing.</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Not done</translation>
    </message>
    <message>
        <source>Withdraw the publication request</source>
        <translation>Withdraw the publication request</translation>
    </message>
    <message>
        <source>The national server takes the child off the gallery as soon as this reaches it.</source>
        <translation>The national server takes the child off the gallery as soon as this reaches it.</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Publication request withdrawn</source>
        <translation>Publication request withdrawn</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Publication asked for (reference %1); it travels with the next sync</source>
        <translation>Publication asked for (reference %1); it travels with the next sync</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Opening…</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>A reason is required.</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Xunren — use the recovery key</source>
        <translation>Xunren — use the recovery key</translation>
    </message>
    <message>
        <source>An administrator who forgot the password, or whose account is locked, can open the station with the recovery key from the sealed recovery sheet and set a new password. This is recorded in the audit log.</source>
        <translation>An administrator who forgot the password, or whose account is locked, can open the station with the recovery key from the sealed recovery sheet and set a new password. This is recorded in the audit log.</translation>
    </message>
    <message>
        <source>&amp;Administrator:</source>
        <translation>&amp;Administrator:</translation>
    </message>
    <message>
        <source>Recovery &amp;key:</source>
        <translation>Recovery &amp;key:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repeat password:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Open the station</source>
        <translation>&amp;Open the station</translation>
    </message>
    <message>
        <source>The new password is set and the lockout is lifted. The old recovery sheet no longer works. The new recovery key:</source>
        <translation>The new password is set and the lockout is lifted. The old recovery sheet no longer works. The new recovery key:</translation>
    </message>
    <message>
        <source>This key is shown only this once. Print the new recovery sheet now, seal it and lock it away; destroy the old sheet.</source>
        <translation>This key is shown only this once. Print the new recovery sheet now, seal it and lock it away; destroy the old sheet.</translation>
    </message>
    <message>
        <source>&amp;Print the recovery sheet…</source>
        <translation>&amp;Print the recovery sheet…</translation>
    </message>
    <message>
        <source>&amp;Continue to the station</source>
        <translation>&amp;Continue to the station</translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s user name.</source>
        <translation>Enter the administrator&apos;s user name.</translation>
    </message>
    <message>
        <source>Type the recovery key: 8 groups of 4 characters, as on the sheet.</source>
        <translation>Type the recovery key: 8 groups of 4 characters, as on the sheet.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>The password needs at least %1 characters.</translation>
    </message>
    <message>
        <source>The two passwords do not match.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <source>Opening the station…</source>
        <translation>Opening the station…</translation>
    </message>
    <message>
        <source>Opening the encrypted station…</source>
        <translation>Opening the encrypted station…</translation>
    </message>
    <message>
        <source>Recovery sheet</source>
        <translation>Recovery sheet</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Recovery key</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <source>&amp;Print the recovery sheet…</source>
        <translation>&amp;Print the recovery sheet…</translation>
    </message>
    <message>
        <source>This key is shown only this once. Print the recovery sheet now and lock it away: without it, a forgotten administrator password means the station&apos;s records are lost.</source>
        <translation>This key is shown only this once. Print the recovery sheet now and lock it away: without it, a forgotten administrator password means the station&apos;s records are lost.</translation>
    </message>
    <message>
        <source>Creating the encrypted station…</source>
        <translation>Creating the encrypted station…</translation>
    </message>
</context>
<context>
    <name>ReferralSendDialog</name>
    <message>
        <source>Refer a case to another station</source>
        <translation>Refer a case to another station</translation>
    </message>
    <message>
        <source>The station asked sees the request and the case&apos;s summary after its next sync, and answers: accepted, an answer with a note, or declined.</source>
        <translation>The station asked sees the request and the case&apos;s summary after its next sync, and answers: accepted, an answer with a note, or declined.</translation>
    </message>
    <message>
        <source>9-digit station code</source>
        <translation>9-digit station code</translation>
    </message>
    <message>
        <source>What should the station do? Address, person, what to ask or take.</source>
        <translation>What should the station do? Address, person, what to ask or take.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Station asked</source>
        <translation>Station asked</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Send the referral</source>
        <translation>&amp;Send the referral</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Queueing the referral…</source>
        <translation>Queueing the referral…</translation>
    </message>
    <message>
        <source>The referral could not be queued</source>
        <translation>The referral could not be queued</translation>
    </message>
</context>
<context>
    <name>ReferralsDialog</name>
    <message>
        <source>Referrals between stations</source>
        <translation>Referrals between stations</translation>
    </message>
    <message>
        <source>Your answer, or why the station declines (required)</source>
        <translation>Your answer, or why the station declines (required)</translation>
    </message>
    <message>
        <source>A&amp;ccept</source>
        <translation>A&amp;ccept</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>&amp;Answer</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>&amp;Decline</translation>
    </message>
    <message>
        <source>&amp;Open the case</source>
        <translation>&amp;Open the case</translation>
    </message>
    <message>
        <source>&amp;Refer a case…</source>
        <translation>&amp;Refer a case…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Reading referrals…</source>
        <translation>Reading referrals…</translation>
    </message>
    <message>
        <source> · waiting to sync</source>
        <translation> · waiting to sync</translation>
    </message>
    <message>
        <source> · refused by the national server</source>
        <translation> · refused by the national server</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>Asked</translation>
    </message>
    <message numerus="yes">
        <source>Sent here (%n waiting)</source>
        <translation>
            <numerusform>Sent here (%n waiting)</numerusform>
            <numerusform>Sent here (%n waiting)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent from here (%n)</source>
        <translation>
            <numerusform>Sent from here (%n)</numerusform>
            <numerusform>Sent from here (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Asked of this station by %1</source>
        <translation>Asked of this station by %1</translation>
    </message>
    <message>
        <source>Asked of %1</source>
        <translation>Asked of %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Refused by the national server: %1</source>
        <translation>Refused by the national server: %1</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>Referral %1 accepted; the asking station learns it with the next sync.</source>
        <translation>Referral %1 accepted; the asking station learns it with the next sync.</translation>
    </message>
    <message>
        <source>Answer to referral %1 queued; the asking station reads it after the next sync.</source>
        <translation>Answer to referral %1 queued; the asking station reads it after the next sync.</translation>
    </message>
    <message>
        <source>Referral %1 declined; the asking station learns it with the next sync.</source>
        <translation>Referral %1 declined; the asking station learns it with the next sync.</translation>
    </message>
    <message>
        <source>Recording the answer…</source>
        <translation>Recording the answer…</translation>
    </message>
    <message>
        <source>The summary of case %1 has not arrived yet: sync first.</source>
        <translation>The summary of case %1 has not arrived yet: sync first.</translation>
    </message>
    <message>
        <source>Another station&apos;s case (referred to this station, read-only)</source>
        <translation>Another station&apos;s case (referred to this station, read-only)</translation>
    </message>
    <message>
        <source>Referral %1 queued; it travels with the next sync.</source>
        <translation>Referral %1 queued; it travels with the next sync.</translation>
    </message>
    <message>
        <source>The referrals could not be read</source>
        <translation>The referrals could not be read</translation>
    </message>
</context>
<context>
    <name>RescreenCounts</name>
    <message numerus="yes">
        <source>%n changed missing person(s)</source>
        <translation>
            <numerusform>%n changed missing person</numerusform>
            <numerusform>%n changed missing persons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missing person(s)</source>
        <translation>
            <numerusform>%n missing person</numerusform>
            <numerusform>%n missing persons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active found child(ren)</source>
        <translation>
            <numerusform>%n active found child</numerusform>
            <numerusform>%n active found children</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new lead(s)</source>
        <translation>
            <numerusform>%n new lead</numerusform>
            <numerusform>%n new leads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>Use the &amp;recovery key instead</source>
        <translation>Use the &amp;recovery key instead</translation>
    </message>
    <message>
        <source>Backup &amp;file:</source>
        <translation>Backup &amp;file:</translation>
    </message>
    <message>
        <source>&amp;Administrator:</source>
        <translation>&amp;Administrator:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Recovery &amp;key:</source>
        <translation>Recovery &amp;key:</translation>
    </message>
    <message>
        <source>The backup is checked whole (its signature, every page, the audit chain) before anything is replaced, and you are told first what the restore drops. The station it replaces is kept in a replaced-… folder; accounts, passwords and lockouts stay as they are now.</source>
        <translation>The backup is checked whole (its signature, every page, the audit chain) before anything is replaced, and you are told first what the restore drops. The station it replaces is kept in a replaced-… folder; accounts, passwords and lockouts stay as they are now.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Restore</translation>
    </message>
    <message>
        <source>Xunren backups (*.xrb);;All files (*)</source>
        <translation>Xunren backups (*.xrb);;All files (*)</translation>
    </message>
    <message>
        <source>Choose the backup file.</source>
        <translation>Choose the backup file.</translation>
    </message>
    <message>
        <source>Give an administrator&apos;s name and password, or the recovery key.</source>
        <translation>Give an administrator&apos;s name and password, or the recovery key.</translation>
    </message>
    <message>
        <source>Reading the backup and checking its signature…</source>
        <translation>Reading the backup and checking its signature…</translation>
    </message>
    <message>
        <source>Checking every page of the backup and its audit chain…</source>
        <translation>Checking every page of the backup and its audit chain…</translation>
    </message>
    <message>
        <source>Installing the backup with a fresh data key…</source>
        <translation>Installing the backup with a fresh data key…</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>Go on with the restore?</source>
        <translation>Go on with the restore?</translation>
    </message>
    <message>
        <source>Backup of station %1, made %2.</source>
        <translation>Backup of station %1, made %2.</translation>
    </message>
    <message>
        <source>Numbers given after the backup are not known here: sync with the national server before registering new cases.</source>
        <translation>Numbers given after the backup are not known here: sync with the national server before registering new cases.</translation>
    </message>
    <message numerus="yes">
        <source>It drops %n case(s) registered after the backup: %1.</source>
        <translation>
            <numerusform>It drops %n case registered after the backup: %1.</numerusform>
            <numerusform>It drops %n cases registered after the backup: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It drops %n change(s) the national server has not acknowledged yet.</source>
        <translation>
            <numerusform>It drops %n change the national server has not acknowledged yet.</numerusform>
            <numerusform>It drops %n changes the national server has not acknowledged yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing registered since the backup is dropped.</source>
        <translation>Nothing registered since the backup is dropped.</translation>
    </message>
    <message>
        <source>Restore cancelled: nothing was changed.</source>
        <translation>Restore cancelled: nothing was changed.</translation>
    </message>
</context>
<context>
    <name>ReviewQueueView</name>
    <message>
        <source>&amp;Approve selected</source>
        <translation>&amp;Approve selected</translation>
    </message>
    <message>
        <source>Re&amp;turn with comment…</source>
        <translation>Re&amp;turn with comment…</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>&amp;Open case</translation>
    </message>
    <message>
        <source>Reading the review queue…</source>
        <translation>Reading the review queue…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
    <message>
        <source>Submitted by</source>
        <translation>Submitted by</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Your own item: another supervisor decides it</source>
        <translation>Your own item: another supervisor decides it</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) waiting</source>
        <translation>
            <numerusform>%n item waiting</numerusform>
            <numerusform>%n items waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>; the oldest has waited %1</source>
        <translation>; the oldest has waited %1</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>Approving…</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) approved</source>
        <translation>
            <numerusform>%n item approved</numerusform>
            <numerusform>%n items approved</numerusform>
        </translation>
    </message>
    <message>
        <source>Return item %1</source>
        <translation>Return item %1</translation>
    </message>
    <message>
        <source>%1 sees your comment on case %2.</source>
        <translation>%1 sees your comment on case %2.</translation>
    </message>
    <message>
        <source>&amp;Return</source>
        <translation>&amp;Return</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>&amp;Comment</translation>
    </message>
    <message>
        <source>Returning…</source>
        <translation>Returning…</translation>
    </message>
    <message>
        <source>Item %1 returned to %2</source>
        <translation>Item %1 returned to %2</translation>
    </message>
</context>
<context>
    <name>SampleDialog</name>
    <message>
        <source>DNA sample</source>
        <translation>DNA sample</translation>
    </message>
    <message>
        <source>The donor (or guardian) gave written consent</source>
        <translation>The donor (or guardian) gave written consent</translation>
    </message>
    <message>
        <source>&amp;Donor</source>
        <translation>&amp;Donor</translation>
    </message>
    <message>
        <source>Sample &amp;type</source>
        <translation>Sample &amp;type</translation>
    </message>
    <message>
        <source>&amp;Collected at</source>
        <translation>&amp;Collected at</translation>
    </message>
    <message>
        <source>C&amp;ollector</source>
        <translation>C&amp;ollector</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Collected at</source>
        <translation>Collected at</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Sample type</source>
        <translation>Sample type</translation>
    </message>
</context>
<context>
    <name>SamplesTab</name>
    <message>
        <source>Sample no.</source>
        <translation>Sample no.</translation>
    </message>
    <message>
        <source>Donor</source>
        <translation>Donor</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>Collected</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>&amp;Add sample…</source>
        <translation>&amp;Add sample…</translation>
    </message>
    <message>
        <source>Add sample (Ctrl+Shift+D)</source>
        <translation>Add sample (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Record &amp;hand-over…</source>
        <translation>Record &amp;hand-over…</translation>
    </message>
    <message>
        <source>Record hand-over (Ctrl+Shift+H)</source>
        <translation>Record hand-over (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>Enter STR &amp;profile…</source>
        <translation>Enter STR &amp;profile…</translation>
    </message>
    <message>
        <source>Enter the lab&apos;s STR result</source>
        <translation>Enter the lab&apos;s STR result</translation>
    </message>
    <message>
        <source>Chain of custody of the selected sample</source>
        <translation>Chain of custody of the selected sample</translation>
    </message>
    <message>
        <source>%1 loci</source>
        <translation>%1 loci</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>The change could not be saved</source>
        <translation>The change could not be saved</translation>
    </message>
    <message>
        <source>Sample added</source>
        <translation>Sample added</translation>
    </message>
    <message>
        <source>Hand-over recorded</source>
        <translation>Hand-over recorded</translation>
    </message>
    <message>
        <source>Profile saved</source>
        <translation>Profile saved</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>&amp;Lock the screen after:</source>
        <translation>&amp;Lock the screen after:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>The language changes at once in every open window. The screen locks after this many minutes without a key press or mouse movement (at most 30).</source>
        <translation>The language changes at once in every open window. The screen locks after this many minutes without a key press or mouse movement (at most 30).</translation>
    </message>
    <message>
        <source>Station: DNA kinship</source>
        <translation>Station: DNA kinship</translation>
    </message>
    <message>
        <source>&amp;Subpopulation correction θ:</source>
        <translation>&amp;Subpopulation correction θ:</translation>
    </message>
    <message>
        <source>θ allows for relatives in the same population sharing alleles by chance, so DNA results are not overstated (NRC II recommendation 4.10). 0.01 suits most populations; a lab serving a small, isolated community may ask for up to 0.05. It applies to every officer of the station, and every active case is matched again when it changes.</source>
        <translation>θ allows for relatives in the same population sharing alleles by chance, so DNA results are not overstated (NRC II recommendation 4.10). 0.01 suits most populations; a lab serving a small, isolated community may ask for up to 0.05. It applies to every officer of the station, and every active case is matched again when it changes.</translation>
    </message>
    <message>
        <source>Only an administrator can change it.</source>
        <translation>Only an administrator can change it.</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>The nine-digit station code and the station&apos;s name, as printed on forms.</source>
        <translation>The nine-digit station code and the station&apos;s name, as printed on forms.</translation>
    </message>
    <message>
        <source>Station &amp;code:</source>
        <translation>Station &amp;code:</translation>
    </message>
    <message>
        <source>Station &amp;name:</source>
        <translation>Station &amp;name:</translation>
    </message>
    <message>
        <source>e.g. 370783001</source>
        <translation>e.g. 370783001</translation>
    </message>
    <message>
        <source>e.g. Shengcheng Police Station</source>
        <translation>e.g. Shengcheng Police Station</translation>
    </message>
    <message>
        <source>Station &amp;phone:</source>
        <translation>Station &amp;phone:</translation>
    </message>
    <message>
        <source>Station a&amp;ddress:</source>
        <translation>Station a&amp;ddress:</translation>
    </message>
    <message>
        <source>e.g. 0536-5221110</source>
        <translation>e.g. 0536-5221110</translation>
    </message>
    <message>
        <source>e.g. 18 Yinhai Road, Shouguang</source>
        <translation>e.g. 18 Yinhai Road, Shouguang</translation>
    </message>
    <message>
        <source>Not a phone number.</source>
        <translation>Not a phone number.</translation>
    </message>
    <message>
        <source>Printed on every receipt and poster: families call it.</source>
        <translation>Printed on every receipt and poster: families call it.</translation>
    </message>
    <message>
        <source>County: %1</source>
        <translation>County: %1</translation>
    </message>
    <message>
        <source>%1 of 9 digits</source>
        <translation>%1 of 9 digits</translation>
    </message>
    <message>
        <source>The first six digits are not a current county code, nor a city without counties (GB/T 2260).</source>
        <translation>The first six digits are not a current county code, nor a city without counties (GB/T 2260).</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Syncing… %1 sent</source>
        <translation>Syncing… %1 sent</translation>
    </message>
    <message>
        <source>Syncing… %1 received</source>
        <translation>Syncing… %1 received</translation>
    </message>
    <message>
        <source>Syncing… comparing counts with the server</source>
        <translation>Syncing… comparing counts with the server</translation>
    </message>
    <message>
        <source>%1; trying again in %2 s (attempt %3 of %4)</source>
        <translation>%1; trying again in %2 s (attempt %3 of %4)</translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Changes the server refused: see what and why</source>
        <translation>Changes the server refused: see what and why</translation>
    </message>
    <message numerus="yes">
        <source>Sync finished: %n change(s) sent</source>
        <translation>
            <numerusform>Sync finished: %n change sent</numerusform>
            <numerusform>Sync finished: %n changes sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n received</source>
        <translation>
            <numerusform>%n received</numerusform>
            <numerusform>%n received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused (see Sync problems)</source>
        <translation>
            <numerusform>%n refused (see Sync problems)</numerusform>
            <numerusform>%n refused (see Sync problems)</numerusform>
        </translation>
    </message>
    <message>
        <source>the counts still differ from the server&apos;s; the next sync repairs it</source>
        <translation>the counts still differ from the server&apos;s; the next sync repairs it</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <source>Sync problems</source>
        <translation>Sync problems</translation>
    </message>
    <message>
        <source>The national server refused the changes below. Each is kept on this station and is not sent again by itself: read what happened and what to do. Double-click a case of this station to open it. A supervisor may send the selected change again where the server could accept it, or withdraw it; both ask for a note.</source>
        <translation>The national server refused the changes below. Each is kept on this station and is not sent again by itself: read what happened and what to do. Double-click a case of this station to open it. A supervisor may send the selected change again where the server could accept it, or withdraw it; both ask for a note.</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>What happened and what to do</source>
        <translation>What happened and what to do</translation>
    </message>
    <message>
        <source>The server&apos;s words</source>
        <translation>The server&apos;s words</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>Queued at</translation>
    </message>
    <message>
        <source>No refused changes: everything sent was accepted.</source>
        <translation>No refused changes: everything sent was accepted.</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Withdraw…</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>Send a refused change again</source>
        <translation>Send a refused change again</translation>
    </message>
    <message>
        <source>Withdraw a refused change</source>
        <translation>Withdraw a refused change</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Sent again as a new change of %1: it goes to the server at the next sync.</source>
        <translation>Sent again as a new change of %1: it goes to the server at the next sync.</translation>
    </message>
    <message>
        <source>Withdrawn: the change to %1 stays on this station and is never sent.</source>
        <translation>Withdrawn: the change to %1 stays on this station and is never sent.</translation>
    </message>
    <message>
        <source>That case belongs to another station; it cannot be opened here.</source>
        <translation>That case belongs to another station; it cannot be opened here.</translation>
    </message>
</context>
<context>
    <name>SyncResolve</name>
    <message>
        <source>Send &amp;again</source>
        <translation>Send &amp;again</translation>
    </message>
    <message>
        <source>Send &amp;again over the server&apos;s version</source>
        <translation>Send &amp;again over the server&apos;s version</translation>
    </message>
    <message>
        <source>Select a refused change first.</source>
        <translation>Select a refused change first.</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator may resolve a refused change.</source>
        <translation>Only a supervisor or an administrator may resolve a refused change.</translation>
    </message>
    <message>
        <source>A later change of this record carries this station&apos;s newer version: withdraw this older one.</source>
        <translation>A later change of this record carries this station&apos;s newer version: withdraw this older one.</translation>
    </message>
    <message>
        <source>The server&apos;s answer does not say which version it holds: tell the administrator.</source>
        <translation>The server&apos;s answer does not say which version it holds: tell the administrator.</translation>
    </message>
    <message>
        <source>The server would refuse this change again: it can only be withdrawn.</source>
        <translation>The server would refuse this change again: it can only be withdrawn.</translation>
    </message>
    <message>
        <source>The change to %1 will be sent again at the next sync. The server accepts it if the case it belongs to has reached the server meanwhile.</source>
        <translation>The change to %1 will be sent again at the next sync. The server accepts it if the case it belongs to has reached the server meanwhile.</translation>
    </message>
    <message>
        <source>This station&apos;s version of %1 will be sent at the next sync over the newer version the server holds, and will replace it there. Do this only after checking the server&apos;s version.</source>
        <translation>This station&apos;s version of %1 will be sent at the next sync over the newer version the server holds, and will replace it there. Do this only after checking the server&apos;s version.</translation>
    </message>
    <message>
        <source>The change to %1 will not be sent to the server. It stays on this station, marked withdrawn with your note.</source>
        <translation>The change to %1 will not be sent to the server. It stays on this station, marked withdrawn with your note.</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <source>Syncing…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Sync: reading the state…</source>
        <translation>Sync: reading the state…</translation>
    </message>
    <message>
        <source>Not enrolled with the server</source>
        <translation>Not enrolled with the server</translation>
    </message>
    <message>
        <source>Enrolment needed again</source>
        <translation>Enrolment needed again</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <source>Changes waiting to be sent: %1; sent so far: %2.</source>
        <translation>Changes waiting to be sent: %1; sent so far: %2.</translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>last sync %1</translation>
    </message>
    <message>
        <source>Last successful sync: %1.</source>
        <translation>Last successful sync: %1.</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>never synced</translation>
    </message>
    <message>
        <source>No sync has succeeded yet.</source>
        <translation>No sync has succeeded yet.</translation>
    </message>
    <message>
        <source>Changes the server refused: %1 (see Sync problems).</source>
        <translation>Changes the server refused: %1 (see Sync problems).</translation>
    </message>
    <message>
        <source>Its last update brought %1; the station screened its %2 again against them: %3, %4 dropped.</source>
        <translation>Its last update brought %1; the station screened its %2 again against them: %3, %4 dropped.</translation>
    </message>
    <message>
        <source>The whole index arrived; the station screened its %2 against the index&apos;s %1: %3, %4 dropped.</source>
        <translation>The whole index arrived; the station screened its %2 against the index&apos;s %1: %3, %4 dropped.</translation>
    </message>
    <message>
        <source>clock off by %1 min</source>
        <translation>clock off by %1 min</translation>
    </message>
    <message>
        <source>The server holds a newer version of this record than this station had. Check the case; a supervisor may then send this station&apos;s version again over the server&apos;s.</source>
        <translation>The server holds a newer version of this record than this station had. Check the case; a supervisor may then send this station&apos;s version again over the server&apos;s.</translation>
    </message>
    <message>
        <source>The server does not hold the case this belongs to. Once the case itself is accepted, a supervisor may send this change again.</source>
        <translation>The server does not hold the case this belongs to. Once the case itself is accepted, a supervisor may send this change again.</translation>
    </message>
    <message>
        <source>transfer request</source>
        <translation>transfer request</translation>
    </message>
    <message>
        <source>transfer acceptance</source>
        <translation>transfer acceptance</translation>
    </message>
    <message>
        <source>transfer declined or withdrawn</source>
        <translation>transfer declined or withdrawn</translation>
    </message>
    <message>
        <source>alert acknowledgement</source>
        <translation>alert acknowledgement</translation>
    </message>
    <message>
        <source>match decision</source>
        <translation>match decision</translation>
    </message>
    <message>
        <source>gallery publication request</source>
        <translation>gallery publication request</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 minutes ahead of the server&apos;s: times recorded here may be wrong. Correct the clock.</source>
        <translation>This computer&apos;s clock is %1 minutes ahead of the server&apos;s: times recorded here may be wrong. Correct the clock.</translation>
    </message>
    <message>
        <source>This station is not enrolled with the national server: nothing is sent, and every change is kept here. An administrator enrols the station (Sync ▸ Enrol with the national server…, or xunren enroll).</source>
        <translation>This station is not enrolled with the national server: nothing is sent, and every change is kept here. An administrator enrols the station (Sync ▸ Enrol with the national server…, or xunren enroll).</translation>
    </message>
    <message>
        <source>The server no longer accepts this station&apos;s credential. Nothing queued is lost; an administrator must enrol the station again (Sync ▸ Enrol with the national server…, or xunren enroll).</source>
        <translation>The server no longer accepts this station&apos;s credential. Nothing queued is lost; an administrator must enrol the station again (Sync ▸ Enrol with the national server…, or xunren enroll).</translation>
    </message>
    <message>
        <source>USB stick only</source>
        <translation>USB stick only</translation>
    </message>
    <message>
        <source>This station was enrolled from a package and knows no server address: changes travel on a USB stick as sync bundles (xunren sync export, then sync import of the server&apos;s answer).</source>
        <translation>This station was enrolled from a package and knows no server address: changes travel on a USB stick as sync bundles (xunren sync export, then sync import of the server&apos;s answer).</translation>
    </message>
    <message>
        <source>conflicting decisions: %1</source>
        <translation>conflicting decisions: %1</translation>
    </message>
    <message>
        <source>Another station decided differently on these national candidates: %1. Neither decision counts until the stations agree: call the other station (Matches).</source>
        <translation>Another station decided differently on these national candidates: %1. Neither decision counts until the stations agree: call the other station (Matches).</translation>
    </message>
    <message>
        <source>National offline index: version %1.</source>
        <translation>National offline index: version %1.</translation>
    </message>
    <message>
        <source>The national server&apos;s screening key was replaced on %1, announced over this station&apos;s authenticated channel, and accepted here on %2 (new key %3…).</source>
        <translation>The national server&apos;s screening key was replaced on %1, announced over this station&apos;s authenticated channel, and accepted here on %2 (new key %3…).</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is %1 minutes behind the server&apos;s: times recorded here may be wrong. Correct the clock.</source>
        <translation>This computer&apos;s clock is %1 minutes behind the server&apos;s: times recorded here may be wrong. Correct the clock.</translation>
    </message>
    <message>
        <source>audit chain refused</source>
        <translation>audit chain refused</translation>
    </message>
    <message>
        <source>The national server refused this station&apos;s audit chain: it no longer goes on from the head the server acknowledged (cut short or rewritten). The server raised an alert for the national operator; contact them.</source>
        <translation>The national server refused this station&apos;s audit chain: it no longer goes on from the head the server acknowledged (cut short or rewritten). The server raised an alert for the national operator; contact them.</translation>
    </message>
    <message>
        <source>last attempt failed</source>
        <translation>last attempt failed</translation>
    </message>
    <message>
        <source>The last attempt failed: %1</source>
        <translation>The last attempt failed: %1</translation>
    </message>
    <message>
        <source>This station is not enrolled with the national server yet; every change is kept here until an administrator enrols it.</source>
        <translation>This station is not enrolled with the national server yet; every change is kept here until an administrator enrols it.</translation>
    </message>
    <message>
        <source>Another station owns this record, so only that station may change it. A case keeps its number when it is transferred, perhaps more than once: ask the station that holds the case now to make the change, or to transfer the case to this station (for a case transferred from here, its details and Case ▸ Case transfers… name the station it went to).</source>
        <translation>Another station owns this record, so only that station may change it. A case keeps its number when it is transferred, perhaps more than once: ask the station that holds the case now to make the change, or to transfer the case to this station (for a case transferred from here, its details and Case ▸ Case transfers… name the station it went to).</translation>
    </message>
    <message>
        <source>The server could not accept the change as it was written (a fault in the program). Tell the administrator; the change is kept.</source>
        <translation>The server could not accept the change as it was written (a fault in the program). Tell the administrator; the change is kept.</translation>
    </message>
    <message>
        <source>The server refused this change.</source>
        <translation>The server refused this change.</translation>
    </message>
    <message>
        <source>case</source>
        <translation>case</translation>
    </message>
    <message>
        <source>person</source>
        <translation>person</translation>
    </message>
    <message>
        <source>DNA sample</source>
        <translation>DNA sample</translation>
    </message>
    <message>
        <source>sample hand-over</source>
        <translation>sample hand-over</translation>
    </message>
    <message>
        <source>DNA profile</source>
        <translation>DNA profile</translation>
    </message>
    <message>
        <source>photo</source>
        <translation>photo</translation>
    </message>
    <message>
        <source>review</source>
        <translation>review</translation>
    </message>
    <message>
        <source>void request</source>
        <translation>void request</translation>
    </message>
    <message>
        <source>note</source>
        <translation>note</translation>
    </message>
    <message>
        <source>referral to another station</source>
        <translation>referral to another station</translation>
    </message>
    <message>
        <source>answer to a referral</source>
        <translation>answer to a referral</translation>
    </message>
</context>
<context>
    <name>TipsDialog</name>
    <message>
        <source>Tips from the public</source>
        <translation>Tips from the public</translation>
    </message>
    <message>
        <source>Show tips already followed up or handed over</source>
        <translation>Show tips already followed up or handed over</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>What they know</source>
        <translation>What they know</translation>
    </message>
    <message>
        <source>Record &amp;follow-up…</source>
        <translation>Record &amp;follow-up…</translation>
    </message>
    <message>
        <source>Open the &amp;case</source>
        <translation>Open the &amp;case</translation>
    </message>
    <message>
        <source>Reading tips…</source>
        <translation>Reading tips…</translation>
    </message>
    <message>
        <source>Followed up by %1: %2</source>
        <translation>Followed up by %1: %2</translation>
    </message>
    <message>
        <source>handed over to %1</source>
        <translation>handed over to %1</translation>
    </message>
    <message numerus="yes">
        <source>%n tip(s) to follow up. Call the person back, then record what came of it.</source>
        <translation>
            <numerusform>%n tip to follow up. Call the person back, then record what came of it.</numerusform>
            <numerusform>%n tips to follow up. Call the person back, then record what came of it.</numerusform>
        </translation>
    </message>
    <message>
        <source>The case was handed over to %1 (%2): that station follows this tip up now.</source>
        <translation>The case was handed over to %1 (%2): that station follows this tip up now.</translation>
    </message>
    <message>
        <source>The tips could not be read</source>
        <translation>The tips could not be read</translation>
    </message>
    <message>
        <source>Follow-up of a tip</source>
        <translation>Follow-up of a tip</translation>
    </message>
    <message>
        <source>Who called whom, and what came of it (kept with the tip and audited).</source>
        <translation>Who called whom, and what came of it (kept with the tip and audited).</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Follow-up recorded</source>
        <translation>Follow-up recorded</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Your approval goes with the request; the receiving station&apos;s supervisor approves it in turn.</source>
        <translation>Your approval goes with the request; the receiving station&apos;s supervisor approves it in turn.</translation>
    </message>
    <message>
        <source>A supervisor of this station approves the request first.</source>
        <translation>A supervisor of this station approves the request first.</translation>
    </message>
    <message>
        <source>Transfer case %1 to another station</source>
        <translation>Transfer case %1 to another station</translation>
    </message>
    <message>
        <source>The case keeps its number and status; the receiving station may change it from then on, this station keeps a read-only copy.</source>
        <translation>The case keeps its number and status; the receiving station may change it from then on, this station keeps a read-only copy.</translation>
    </message>
    <message>
        <source>&amp;Request transfer</source>
        <translation>&amp;Request transfer</translation>
    </message>
    <message>
        <source>9-digit station code, e.g. 450304001</source>
        <translation>9-digit station code, e.g. 450304001</translation>
    </message>
    <message>
        <source>Receiving &amp;station</source>
        <translation>Receiving &amp;station</translation>
    </message>
    <message>
        <source>The receiving station is a 9-digit code.</source>
        <translation>The receiving station is a 9-digit code.</translation>
    </message>
</context>
<context>
    <name>TransfersWindow</name>
    <message>
        <source>Case transfers</source>
        <translation>Case transfers</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Persons</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Declined / withdrawn</source>
        <translation>Declined / withdrawn</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>&amp;Decline…</translation>
    </message>
    <message>
        <source>Decline the selected transfer: the case stays with the sending station</source>
        <translation>Decline the selected transfer: the case stays with the sending station</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Withdraw…</translation>
    </message>
    <message>
        <source>Withdraw the selected transfer before the receiving station accepts it</source>
        <translation>Withdraw the selected transfer before the receiving station accepts it</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>&amp;Open case</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Reading transfers…</source>
        <translation>Reading transfers…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Transfers waiting for this station&apos;s supervisor: %n</source>
        <translation>
            <numerusform>Transfers waiting for this station&apos;s supervisor: %n</numerusform>
            <numerusform>Transfers waiting for this station&apos;s supervisor: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>No transfer waits for this station.</source>
        <translation>No transfer waits for this station.</translation>
    </message>
    <message>
        <source>Transfer %1 approved; it travels with the next sync.</source>
        <translation>Transfer %1 approved; it travels with the next sync.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Decline transfer %1</source>
        <translation>Decline transfer %1</translation>
    </message>
    <message>
        <source>Case %1 stays with %2, which is told at the next sync who declined the transfer and why.</source>
        <translation>Case %1 stays with %2, which is told at the next sync who declined the transfer and why.</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Transfer %1 declined; the sending station is told at the next sync.</source>
        <translation>Transfer %1 declined; the sending station is told at the next sync.</translation>
    </message>
    <message>
        <source>The request for case %1 never left this station: it is withdrawn here and the case stays.</source>
        <translation>The request for case %1 never left this station: it is withdrawn here and the case stays.</translation>
    </message>
    <message>
        <source>Transfer %1 withdrawn.</source>
        <translation>Transfer %1 withdrawn.</translation>
    </message>
    <message>
        <source>Case %1 stays here. The receiving station is told at the next sync who withdrew the transfer and why; if it accepted the transfer first, the case moves as accepted.</source>
        <translation>Case %1 stays here. The receiving station is told at the next sync who withdrew the transfer and why; if it accepted the transfer first, the case moves as accepted.</translation>
    </message>
    <message>
        <source>Transfer %1 withdrawn; the receiving station is told at the next sync.</source>
        <translation>Transfer %1 withdrawn; the receiving station is told at the next sync.</translation>
    </message>
    <message>
        <source>Withdraw transfer %1</source>
        <translation>Withdraw transfer %1</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>The transfer was not changed</source>
        <translation>The transfer was not changed</translation>
    </message>
    <message>
        <source>The transfers could not be read</source>
        <translation>The transfers could not be read</translation>
    </message>
</context>
<context>
    <name>UsbSync</name>
    <message>
        <source>Write a USB bundle</source>
        <translation>Write a USB bundle</translation>
    </message>
    <message>
        <source>Sync bundles (*.xsb);;All files (*)</source>
        <translation>Sync bundles (*.xsb);;All files (*)</translation>
    </message>
    <message>
        <source>Wrote %1 waiting changes to %2, sealed for the national server.</source>
        <translation>Wrote %1 waiting changes to %2, sealed for the national server.</translation>
    </message>
    <message>
        <source>Sealing the waiting changes for the national server…</source>
        <translation>Sealing the waiting changes for the national server…</translation>
    </message>
    <message>
        <source>Read the server&apos;s answer</source>
        <translation>Read the server&apos;s answer</translation>
    </message>
    <message>
        <source>The server&apos;s answer is applied: %1 confirmed, %2 refused, %3 received.</source>
        <translation>The server&apos;s answer is applied: %1 confirmed, %2 refused, %3 received.</translation>
    </message>
    <message>
        <source>Checking and applying the server&apos;s answer…</source>
        <translation>Checking and applying the server&apos;s answer…</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void case %1</source>
        <translation>Void case %1</translation>
    </message>
    <message>
        <source>A case is never deleted. Voiding takes effect once a supervisor approves it; the case stays in the record with the reason.</source>
        <translation>A case is never deleted. Voiding takes effect once a supervisor approves it; the case stays in the record with the reason.</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>A reason is required.</translation>
    </message>
</context>
<context>
    <name>WeeklyDialog</name>
    <message>
        <source>Weekly report</source>
        <translation>Weekly report</translation>
    </message>
    <message>
        <source>&amp;Week:</source>
        <translation>&amp;Week:</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>Weekly report %1</source>
        <translation>Weekly report %1</translation>
    </message>
</context>
</TS>
