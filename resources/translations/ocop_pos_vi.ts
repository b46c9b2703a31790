<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message>
        <location filename="../../ui/customer_display.py" line="19"/>
        <source>Welcome!</source>
        <translation>Xin kính chào quý khách!</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="20"/>
        <location filename="../../ui/models.py" line="209"/>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="21"/>
        <source>Scan with your banking app to pay</source>
        <translation>Quét bằng ứng dụng ngân hàng để thanh toán</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="22"/>
        <source>Thank you!</source>
        <translation>Cảm ơn quý khách!</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="23"/>
        <source>Your change</source>
        <translation>Tiền thừa trả lại</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="24"/>
        <location filename="../../ui/models.py" line="208"/>
        <location filename="../../ui/screens/sale.py" line="413"/>
        <source>Items</source>
        <translation>Số hàng</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="25"/>
        <location filename="../../ui/screens/payment.py" line="518"/>
        <source>Reference</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="26"/>
        <location filename="../../ui/models.py" line="63"/>
        <location filename="../../ui/screens/sale.py" line="359"/>
        <location filename="../../ui/screens/sale.py" line="415"/>
        <source>Discount</source>
        <translation>Chiết khấu</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="69"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="93"/>
        <location filename="../../ui/dialogs.py" line="217"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="99"/>
        <source>Type a number above zero, e.g. 2 or 0,5</source>
        <translation>Nhập một số lớn hơn 0, ví dụ 2 hoặc 0,5</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="112"/>
        <source>Percent %</source>
        <translation>Phần trăm %</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="113"/>
        <source>Amount ₫</source>
        <translation>Số tiền ₫</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="125"/>
        <source>0 removes the discount</source>
        <translation>Nhập 0 để bỏ chiết khấu</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="129"/>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="144"/>
        <source>A percentage is a whole number from 0 to 100</source>
        <translation>Phần trăm là số nguyên từ 0 đến 100</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="161"/>
        <source>Manager approval</source>
        <translation>Quản lý duyệt</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="168"/>
        <source>Manager PIN</source>
        <translation>Mã PIN quản lý</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="172"/>
        <source>Approve</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="50"/>
        <location filename="../../ui/models.py" line="207"/>
        <source>Cashier</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="51"/>
        <source>Shift lead</source>
        <translation>Trưởng ca</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="52"/>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="53"/>
        <source>Administrator</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>Till {code}</source>
        <translation>Quầy {code}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133"/>
        <source>Customer display</source>
        <translation>Màn hình khách hàng</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>Camera scanner preview</source>
        <translation>Hình camera quét mã</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <location filename="../../ui/screens/signin.py" line="60"/>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="140"/>
        <source>Sale</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <location filename="../../ui/screens/payment.py" line="348"/>
        <source>Payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <location filename="../../ui/screens/parked.py" line="93"/>
        <location filename="../../ui/screens/sale.py" line="245"/>
        <source>Parked sales</source>
        <translation>Đơn chờ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143"/>
        <location filename="../../ui/screens/sale.py" line="251"/>
        <source>Returns</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="269"/>
        <source>Close the open dialog first, then scan again</source>
        <translation>Hãy đóng hộp thoại đang mở rồi quét lại</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="310"/>
        <source>Receipt not printed: {reason}. The sale is saved; reprint later.</source>
        <translation>Chưa in được hoá đơn: {reason}. Giao dịch đã được lưu; hãy in lại sau.</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="39"/>
        <source>OCOP rating expired — do not advertise it</source>
        <extracomment>Extra line under a product&apos;s name: (key, text) for warnings.</extracomment>
        <translation>Chứng nhận OCOP đã hết hạn — không giới thiệu là hàng OCOP</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="40"/>
        <source>Not in stock per the system — check the shelf</source>
        <translation>Hệ thống ghi hết hàng — kiểm tra lại kệ</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="59"/>
        <location filename="../../ui/models.py" line="274"/>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="60"/>
        <source>OCOP</source>
        <translation>OCOP</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="61"/>
        <location filename="../../ui/screens/sale.py" line="353"/>
        <source>Qty</source>
        <translation>SL</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="62"/>
        <location filename="../../ui/screens/sale.py" line="355"/>
        <source>Unit price</source>
        <translation>Đơn giá</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="64"/>
        <location filename="../../ui/screens/payment.py" line="356"/>
        <location filename="../../ui/screens/sale.py" line="363"/>
        <source>Amount</source>
        <translation>Thành tiền</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="136"/>
        <source>price label from the scale</source>
        <translation>tem giá từ cân</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="138"/>
        <source>weighed, per {unit}</source>
        <translation>hàng cân, theo {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="142"/>
        <source>line discount {pct}%</source>
        <translation>giảm {pct}%</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="164"/>
        <source>OCOP {n} stars, until {date}</source>
        <translation>OCOP {n} sao, hiệu lực đến {date}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="196"/>
        <location filename="../../ui/screens/sale.py" line="99"/>
        <source>per {unit}</source>
        <translation>theo {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="205"/>
        <source>No.</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="206"/>
        <source>Parked at</source>
        <translation>Giờ giữ</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="254"/>
        <source>{n} items</source>
        <translation>{n} món</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="275"/>
        <source>Sold</source>
        <translation>Đã bán</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="276"/>
        <source>Can return</source>
        <translation>Còn trả được</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="277"/>
        <source>Return</source>
        <translation>Trả</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="278"/>
        <source>Refund</source>
        <translation>Hoàn tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="46"/>
        <source>Finish or leave this screen before scanning products</source>
        <translation>Hoàn tất hoặc rời màn hình này trước khi quét sản phẩm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="76"/>
        <location filename="../../ui/screens/payment.py" line="192"/>
        <location filename="../../ui/screens/returns.py" line="110"/>
        <source>Back to sale</source>
        <translation>Về bán hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="79"/>
        <location filename="../../ui/screens/parked.py" line="146"/>
        <source>Discard</source>
        <translation>Huỷ đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="82"/>
        <source>Recall</source>
        <translation>Gọi lại</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="96"/>
        <source>Sales put aside while a customer fetches something. Recalling one while a sale is open parks the open one.</source>
        <translation>Các đơn tạm giữ khi khách đi lấy thêm hàng. Gọi lại một đơn khi đang có đơn mở thì đơn đang mở sẽ được giữ thay.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="99"/>
        <source>No parked sales</source>
        <translation>Không có đơn chờ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="131"/>
        <source>Recalled #{n} ({total})</source>
        <translation>Đã gọi lại đơn #{n} ({total})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="133"/>
        <source>the open sale was parked as #{n}</source>
        <translation>đơn đang mở được giữ thành #{n}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="142"/>
        <source>Discard parked sale</source>
        <translation>Huỷ đơn chờ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/parked.py" line="143"/>
        <source>Discard parked sale #{n} ({total})? Its goods go back to the shelf.</source>
        <translation>Huỷ đơn chờ #{n} ({total})? Hàng trong đơn được trả lại kệ.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="59"/>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="60"/>
        <source>VietQR transfer</source>
        <translation>Chuyển khoản QR</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="61"/>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="62"/>
        <source>Foreign cash</source>
        <translation>Ngoại tệ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="154"/>
        <source>Remove last payment</source>
        <translation>Bỏ khoản thanh toán cuối</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="194"/>
        <source>Complete sale</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="225"/>
        <source>Exact amount</source>
        <translation>Đúng số tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="227"/>
        <source>Clear</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="230"/>
        <source>Add cash for split</source>
        <translation>Thêm tiền mặt (chia)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="274"/>
        <source>Money received</source>
        <translation>Đã nhận tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="303"/>
        <source>Add card payment</source>
        <translation>Thêm thanh toán thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="335"/>
        <source>Add foreign cash</source>
        <translation>Thêm ngoại tệ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="338"/>
        <source>Set rate (manager)</source>
        <translation>Đặt tỷ giá (quản lý)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="349"/>
        <source>Cash received from the customer</source>
        <translation>Tiền mặt khách đưa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="350"/>
        <source>Tap the notes the customer hands over; the change shows on the left.</source>
        <translation>Chạm vào các tờ tiền khách đưa; tiền thừa hiện ở bên trái.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="351"/>
        <source>Amount to transfer</source>
        <translation>Số tiền chuyển khoản</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="352"/>
        <source>Card on the bank&apos;s terminal</source>
        <translation>Thẻ qua máy POS của ngân hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="354"/>
        <source>Charge the amount on the card terminal, then type its approval code here.</source>
        <translation>Quẹt thẻ số tiền này trên máy POS, rồi nhập mã chuẩn chi vào đây.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="357"/>
        <source>Approval code</source>
        <translation>Mã chuẩn chi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="358"/>
        <source>Foreign cash — change is given in đồng</source>
        <translation>Ngoại tệ — tiền thừa trả bằng đồng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="359"/>
        <source>Amount in the foreign currency</source>
        <translation>Số tiền ngoại tệ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="360"/>
        <source>Amount due</source>
        <translation>Phải thu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="361"/>
        <source>Paid</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="362"/>
        <source>Still due</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="363"/>
        <source>Change to give</source>
        <translation>Tiền thừa trả khách</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="364"/>
        <source>Payments taken</source>
        <translation>Các khoản đã nhận</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="380"/>
        <source>Receipt {label}</source>
        <translation>Hoá đơn {label}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="510"/>
        <source>Type the amount and show the QR to the customer.</source>
        <translation>Nhập số tiền và đưa mã QR cho khách quét.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="515"/>
        <source>Bank</source>
        <translation>Ngân hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="516"/>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="517"/>
        <source>Sum to pay</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="525"/>
        <source>Ask the customer to scan with their banking app. Confirm only when the money shows in the shop&apos;s account.</source>
        <translation>Mời khách quét bằng ứng dụng ngân hàng. Chỉ xác nhận khi tiền đã vào tài khoản cửa hàng.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="533"/>
        <source>The transfer is more than what is still due</source>
        <translation>Số chuyển khoản lớn hơn số còn phải thu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="540"/>
        <source>Transfer recorded</source>
        <translation>Đã ghi nhận chuyển khoản</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="584"/>
        <source>No exchange rates are set. A manager sets them with the button below.</source>
        <translation>Chưa có tỷ giá. Quản lý đặt tỷ giá bằng nút bên dưới.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="590"/>
        <source>Rate: 1 {cur} = {rate} ₫</source>
        <translation>Tỷ giá: 1 {cur} = {rate} ₫</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="616"/>
        <source>Setting an exchange rate needs a manager.</source>
        <translation>Đặt tỷ giá cần quản lý duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="621"/>
        <source>Exchange rate</source>
        <translation>Tỷ giá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="622"/>
        <source>Currency and đồng per unit, e.g. USD 25.400 or KRW 18,35 (0 removes the currency)</source>
        <translation>Mã tiền tệ và số đồng cho một đơn vị, ví dụ USD 25.400 hoặc KRW 18,35 (0 để bỏ loại tiền)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="660"/>
        <source>Press “Money received” once the transfer has arrived</source>
        <translation>Bấm “Đã nhận tiền” khi tiền chuyển khoản đã về</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="693"/>
        <source>Go back to the sale (Esc) to add more products</source>
        <translation>Quay lại bán hàng (Esc) để thêm sản phẩm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="64"/>
        <source>Find receipt</source>
        <translation>Tìm hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="95"/>
        <source>One less</source>
        <translation>Bớt một</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="96"/>
        <source>One more</source>
        <translation>Thêm một</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="97"/>
        <source>Whole line</source>
        <translation>Cả dòng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="113"/>
        <source>Refund (manager PIN)</source>
        <translation>Hoàn tiền (PIN quản lý)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="123"/>
        <source>Return goods</source>
        <translation>Khách trả hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="125"/>
        <source>Scan the barcode on the receipt, or type its number (e.g. T01-000123 or 123)</source>
        <translation>Quét mã vạch trên hoá đơn, hoặc nhập số hoá đơn (ví dụ T01-000123 hoặc 123)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="155"/>
        <source>Everything on this receipt has already been returned</source>
        <translation>Toàn bộ hàng trên hoá đơn này đã được trả</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="161"/>
        <source>No receipt loaded</source>
        <translation>Chưa chọn hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="165"/>
        <source>Receipt {label} · {time} · total {total} · paid by {methods}</source>
        <translation>Hoá đơn {label} · {time} · tổng {total} · trả bằng {methods}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="194"/>
        <source>That product is not on this receipt (or was already returned)</source>
        <translation>Sản phẩm này không có trên hoá đơn (hoặc đã trả hết)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="215"/>
        <source>Pick the lines and quantities that come back</source>
        <translation>Chọn dòng hàng và số lượng khách trả lại</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="223"/>
        <source>Refund {amount} — {methods}</source>
        <translation>Hoàn {amount} — {methods}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="233"/>
        <source>Refund {amount}. A manager approves returns with their PIN.</source>
        <translation>Hoàn {amount}. Quản lý duyệt trả hàng bằng mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="372"/>
        <source>Scan, or type a name or code (F2) · 3* = three</source>
        <translation>Quét mã, hoặc gõ tên/mã hàng (F2) · 3* = ba cái</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="374"/>
        <source>Scan a product to start the sale
or tap a quick key on the right, or type a name above.</source>
        <translation>Quét một sản phẩm để bắt đầu bán
hoặc chạm phím nhanh bên phải, hoặc gõ tên ở trên.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="377"/>
        <source>No product matches. Check the spelling, or type a barcode and press Enter.</source>
        <translation>Không có sản phẩm phù hợp. Kiểm tra chính tả, hoặc gõ mã vạch rồi nhấn Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="391"/>
        <source>Customer: EN</source>
        <translation>Khách: EN</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="397"/>
        <source>Search results</source>
        <translation>Kết quả tìm kiếm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="399"/>
        <source>Quick keys</source>
        <translation>Phím nhanh</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="414"/>
        <source>{n} items, {lines} lines</source>
        <translation>{n} món, {lines} dòng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="419"/>
        <source>VAT included</source>
        <translation>Đã gồm thuế GTGT</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="425"/>
        <source>CHANGE</source>
        <translation>TIỀN THỪA</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="428"/>
        <source>Last sale</source>
        <translation>Đơn vừa bán</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="431"/>
        <source>TOTAL</source>
        <translation>TỔNG CỘNG</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="483"/>
        <source>Weight</source>
        <translation>Khối lượng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="484"/>
        <source>{name}: weight in {unit}</source>
        <translation>{name}: khối lượng ({unit})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="505"/>
        <source>Added: {name} × {qty}</source>
        <translation>Đã thêm: {name} × {qty}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="558"/>
        <source>Pick a line first (Up/Down arrows or tap it)</source>
        <translation>Hãy chọn một dòng trước (phím mũi tên Lên/Xuống hoặc chạm vào dòng)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="235"/>
        <location filename="../../ui/screens/sale.py" line="568"/>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="569"/>
        <source>{name}: new quantity</source>
        <translation>{name}: số lượng mới</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="237"/>
        <location filename="../../ui/screens/sale.py" line="591"/>
        <source>Line discount</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="592"/>
        <source>{name} — line amount {amount}</source>
        <translation>{name} — thành tiền {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="240"/>
        <location filename="../../ui/screens/sale.py" line="608"/>
        <source>Sale discount</source>
        <translation>Giảm cả đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="608"/>
        <source>Whole sale — {amount}</source>
        <translation>Cả đơn — {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="617"/>
        <source>This discount is above your limit. A manager approves it with their PIN.</source>
        <translation>Mức giảm giá vượt hạn mức của bạn. Quản lý duyệt bằng mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="634"/>
        <source>Removed: {name}</source>
        <translation>Đã bỏ: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="248"/>
        <location filename="../../ui/screens/sale.py" line="643"/>
        <location filename="../../ui/screens/sale.py" line="645"/>
        <source>Clear sale</source>
        <translation>Xoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="199"/>
        <location filename="../../ui/screens/sale.py" line="391"/>
        <source>Customer: VI</source>
        <translation>Khách: VI</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="242"/>
        <source>Remove line</source>
        <translation>Bỏ dòng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="243"/>
        <source>Park sale</source>
        <translation>Giữ đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="307"/>
        <source>Pay</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="644"/>
        <source>Remove every line of this sale? Nothing is saved.</source>
        <translation>Xoá toàn bộ đơn hàng này? Không có gì được lưu.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="650"/>
        <source>Sale cleared</source>
        <translation>Đã xoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="660"/>
        <source>Parked as #{n} ({total}). Recall it with F8.</source>
        <translation>Đã giữ đơn #{n} ({total}). Gọi lại bằng F8.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="670"/>
        <source>The cart is empty</source>
        <translation>Giỏ hàng trống</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="680"/>
        <source>Refund {label} saved: give back {amount}</source>
        <translation>Đã lưu phiếu trả {label}: hoàn lại khách {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="684"/>
        <source>Sale {label} saved. Change to give: {change}</source>
        <translation>Đã lưu hoá đơn {label}. Tiền thừa trả khách: {change}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="688"/>
        <source>Sale {label} saved. No change due.</source>
        <translation>Đã lưu hoá đơn {label}. Không có tiền thừa.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="71"/>
        <source>Enter your staff PIN</source>
        <translation>Nhập mã PIN nhân viên</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="104"/>
        <source>Sign in first, then scan</source>
        <translation>Hãy đăng nhập trước khi quét</translation>
    </message>
    <message>
        <location filename="../../ui/camera_panel.py" line="90"/>
        <source>Hide camera</source>
        <translation>Ẩn camera</translation>
    </message>
    <message>
        <location filename="../../ui/camera_panel.py" line="115"/>
        <source>Camera scanner: hold the barcode up to the camera</source>
        <translation>Quét bằng camera: đưa mã vạch trước camera</translation>
    </message>
</context>
</TS>
