<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Welcome!</source>
        <translation>어서 오세요!</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Scan with your banking app to pay</source>
        <translation>은행 앱으로 QR을 스캔해 결제하세요</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>감사합니다!</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>거스름돈</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>이체 메모</translation>
    </message>
    <message>
        <source>Money received</source>
        <translation>입금 확인됨</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>할인</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>PAYMENT SLIP</source>
        <translation>결제 전표</translation>
    </message>
    <message>
        <source>VAT INVOICE</source>
        <translation>부가가치세 세금계산서</translation>
    </message>
    <message>
        <source>SALES INVOICE</source>
        <translation>판매 계산서</translation>
    </message>
    <message>
        <source>Generated from a cash register</source>
        <translation>금전등록기에서 발행</translation>
    </message>
    <message>
        <source>Tax auth. code</source>
        <translation>세무당국 코드</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>계산서 기호</translation>
    </message>
    <message>
        <source>Adjusts</source>
        <translation>수정 대상 계산서</translation>
    </message>
    <message>
        <source>Look the invoice up</source>
        <translation>계산서 조회</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>Buyer&apos;s tax code</source>
        <translation>구매자 세금번호</translation>
    </message>
    <message>
        <source>Scan to look up the e-invoice</source>
        <translation>스캔하여 전자계산서 조회</translation>
    </message>
    <message>
        <source>RETURN RECEIPT</source>
        <translation>반품 영수증</translation>
    </message>
    <message>
        <source>REPORT</source>
        <translation>보고서</translation>
    </message>
    <message>
        <source>PRINTER TEST PAGE</source>
        <translation>프린터 테스트 페이지</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>세금번호</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>계산대</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>영수증 번호</translation>
    </message>
    <message>
        <source>Return no.</source>
        <translation>반품 번호</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>번호</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>일시</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>계산원</translation>
    </message>
    <message>
        <source>Original receipt</source>
        <translation>원 영수증</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>품목</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>환불액</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>소계</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>REFUND TOTAL</source>
        <translation>환불 합계</translation>
    </message>
    <message>
        <source>Prices include VAT</source>
        <translation>가격에 부가세 포함</translation>
    </message>
    <message>
        <source>gross / VAT</source>
        <translation>공급대가 / 부가세</translation>
    </message>
    <message>
        <source>VAT {rate}%</source>
        <translation>부가세 {rate}%</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>Refunded by</source>
        <translation>환불 수단</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>참조</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>거스름돈</translation>
    </message>
    <message>
        <source>Scan to look up</source>
        <translation>스캔하여 조회</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>원산지</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>VietQR transfer</source>
        <translation>VietQR 계좌이체</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Foreign cash</source>
        <translation>외화 현금</translation>
    </message>
    <message>
        <source>Change rounding</source>
        <translation>거스름돈 끝전 조정</translation>
    </message>
    <message>
        <source>Trace the origin: {name}</source>
        <translation>생산 이력 추적: {name}</translation>
    </message>
    <message>
        <source>VAT INVOICE CUM TAX REFUND DECLARATION</source>
        <translation>부가가치세 계산서 겸 환급 신고서</translation>
    </message>
    <message>
        <source>The passport number is on e-invoice {code}.</source>
        <translation>여권 번호가 전자계산서 {code}에 기재되어 있습니다.</translation>
    </message>
    <message>
        <source>E-invoice {code} does not carry this passport number.</source>
        <translation>전자계산서 {code}에 이 여권 번호가 기재되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>Important notice to tourists</source>
        <translation>외국인 관광객 안내 사항</translation>
    </message>
    <message>
        <source>Show the goods, your passport and this invoice at the VAT refund counter of an international airport or international seaport when you leave Vietnam by air or by sea, within {days} days of the purchase (at least {minimum} of goods bought at this shop on one day).</source>
        <translation>항공편 또는 선박으로 베트남을 출국할 때 국제공항 또는 국제항만의 부가가치세 환급 창구에서 구매한 물품, 여권, 이 계산서를 제시하십시오. 구매일로부터 {days}일 이내에 가능합니다(같은 날 이 매장에서 구매한 물품 최소 {minimum} 이상).</translation>
    </message>
</context>
</TS>
