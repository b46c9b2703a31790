<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Welcome!</source>
        <translation>欢迎光临！</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Scan with your banking app to pay</source>
        <translation>请用银行App扫码付款</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>谢谢惠顾！</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>转账备注</translation>
    </message>
    <message>
        <source>Money received</source>
        <translation>已收到款项</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>PAYMENT SLIP</source>
        <translation>付款单</translation>
    </message>
    <message>
        <source>VAT INVOICE</source>
        <translation>增值税发票</translation>
    </message>
    <message>
        <source>SALES INVOICE</source>
        <translation>销售发票</translation>
    </message>
    <message>
        <source>Generated from a cash register</source>
        <translation>由收银机开具</translation>
    </message>
    <message>
        <source>Tax auth. code</source>
        <translation>税务机关代码</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>发票符号</translation>
    </message>
    <message>
        <source>Adjusts</source>
        <translation>所调整发票</translation>
    </message>
    <message>
        <source>Look the invoice up</source>
        <translation>发票查询</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买方</translation>
    </message>
    <message>
        <source>Buyer&apos;s tax code</source>
        <translation>买方税号</translation>
    </message>
    <message>
        <source>Scan to look up the e-invoice</source>
        <translation>扫码查询电子发票</translation>
    </message>
    <message>
        <source>RETURN RECEIPT</source>
        <translation>退货单</translation>
    </message>
    <message>
        <source>REPORT</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>PRINTER TEST PAGE</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>税号</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>收银台</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Return no.</source>
        <translation>退货单号</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Original receipt</source>
        <translation>原单号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>REFUND TOTAL</source>
        <translation>退款合计</translation>
    </message>
    <message>
        <source>Prices include VAT</source>
        <translation>价格已含增值税</translation>
    </message>
    <message>
        <source>gross / VAT</source>
        <translation>含税金额 / 税额</translation>
    </message>
    <message>
        <source>VAT {rate}%</source>
        <translation>增值税 {rate}%</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Refunded by</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Scan to look up</source>
        <translation>扫码查询</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>产地</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>VietQR transfer</source>
        <translation>VietQR 转账</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Foreign cash</source>
        <translation>外币现金</translation>
    </message>
    <message>
        <source>Change rounding</source>
        <translation>找零取整</translation>
    </message>
    <message>
        <source>Trace the origin: {name}</source>
        <translation>产品溯源：{name}</translation>
    </message>
    <message>
        <source>VAT INVOICE CUM TAX REFUND DECLARATION</source>
        <translation>增值税发票兼退税申报单</translation>
    </message>
    <message>
        <source>The passport number is on e-invoice {code}.</source>
        <translation>护照号码已记载于电子发票 {code}。</translation>
    </message>
    <message>
        <source>E-invoice {code} does not carry this passport number.</source>
        <translation>电子发票 {code} 未记载此护照号码。</translation>
    </message>
    <message>
        <source>Important notice to tourists</source>
        <translation>外国游客重要提示</translation>
    </message>
    <message>
        <source>Show the goods, your passport and this invoice at the VAT refund counter of an international airport or international seaport when you leave Vietnam by air or by sea, within {days} days of the purchase (at least {minimum} of goods bought at this shop on one day).</source>
        <translation>请在乘飞机或乘船离开越南时，于国际机场或国际海港的增值税退税柜台出示所购商品、护照和本发票，期限为购买之日起{days}天内（同一天在本店购买的商品至少{minimum}）。</translation>
    </message>
</context>
</TS>
