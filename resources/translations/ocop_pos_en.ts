<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name></name>
    <message numerus="yes">
        <source>%n shelf labels of {sku} ({price}) sent to the printer</source>
        <translation>
            <numerusform>%n shelf label of {sku} ({price}) sent to the printer</numerusform>
            <numerusform>%n shelf labels of {sku} ({price}) sent to the printer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> labels</source>
        <translation>
            <numerusform> label</numerusform>
            <numerusform> labels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Received %n lines, total cost {cost}</source>
        <translation>
            <numerusform>Received %n line, total cost {cost}</numerusform>
            <numerusform>Received %n lines, total cost {cost}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lines · total cost {cost}</source>
        <translation>
            <numerusform>%n line · total cost {cost}</numerusform>
            <numerusform>%n lines · total cost {cost}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sales of this shift are not yet at the server. You may close anyway; this is recorded in the audit log under your name. Close the shift?</source>
        <translation>
            <numerusform>%n sale of this shift is not yet at the server. You may close anyway; this is recorded in the audit log under your name. Close the shift?</numerusform>
            <numerusform>%n sales of this shift are not yet at the server. You may close anyway; this is recorded in the audit log under your name. Close the shift?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applied: %n products adjusted, value {value}</source>
        <translation>
            <numerusform>Applied: %n product adjusted, value {value}</numerusform>
            <numerusform>Applied: %n products adjusted, value {value}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products counted</source>
        <translation>
            <numerusform>%n product counted</numerusform>
            <numerusform>%n products counted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n differ · value difference {value}</source>
        <translation>
            <numerusform>%n differs · value difference {value}</numerusform>
            <numerusform>%n differ · value difference {value}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lines</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n receipts waiting</source>
        <translation>
            <numerusform>%n receipt waiting</numerusform>
            <numerusform>%n receipts waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation>
            <numerusform>%n to send</numerusform>
            <numerusform>%n to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused by head office</source>
        <translation>
            <numerusform>%n refused by head office</numerusform>
            <numerusform>%n refused by head office</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n late</source>
        <translation>
            <numerusform>%n late</numerusform>
            <numerusform>%n late</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n rejected</numerusform>
            <numerusform>%n rejected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n accepted</source>
        <translation>
            <numerusform>%n accepted</numerusform>
            <numerusform>%n accepted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sales</source>
        <translation>
            <numerusform>%n sale</numerusform>
            <numerusform>%n sales</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n returns</source>
        <translation>
            <numerusform>%n return</numerusform>
            <numerusform>%n returns</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused by head office: see the sync status</source>
        <translation>
            <numerusform>%n refused by head office: see the sync status</numerusform>
            <numerusform>%n refused by head office: see the sync status</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>lots on hand expire within %n days</source>
        <translation>
            <numerusform>lots on hand expire within %n day</numerusform>
            <numerusform>lots on hand expire within %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already expired</source>
        <translation>
            <numerusform>%n already expired</numerusform>
            <numerusform>%n already expired</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lots on hand expire within {days} days</source>
        <translation>
            <numerusform>%n lot on hand expires within {days} days</numerusform>
            <numerusform>%n lots on hand expire within {days} days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products at or below their reorder level</source>
        <translation>
            <numerusform>%n product at or below its reorder level</numerusform>
            <numerusform>%n products at or below their reorder level</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products</source>
        <translation>
            <numerusform>%n product</numerusform>
            <numerusform>%n products</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n at or below their reorder level</source>
        <translation>
            <numerusform>%n at or below its reorder level</numerusform>
            <numerusform>%n at or below their reorder level</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>%n shown</numerusform>
            <numerusform>%n shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{label} from {store} · %n lines</source>
        <translation>
            <numerusform>{label} from {store} · %n line</numerusform>
            <numerusform>{label} from {store} · %n lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Return {label} recorded without the original receipt {claimed}: %n item(s), give back {amount} in cash. It waits for the original at head office and is reconciled at a later sync.</source>
        <translation>
            <numerusform>Return {label} recorded without the original receipt {claimed}: %n item, give back {amount} in cash. It waits for the original at head office and is reconciled at a later sync.</numerusform>
            <numerusform>Return {label} recorded without the original receipt {claimed}: %n items, give back {amount} in cash. It waits for the original at head office and is reconciled at a later sync.</numerusform>
        </translation>
    </message>
</context>
</TS>
