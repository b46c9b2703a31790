<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message>
        <location filename="../../ui/customer_display.py" line="44"/>
        <source>Welcome!</source>
        <translation>Xin kính chào quý khách!</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="45"/>
        <location filename="../../ui/models.py" line="219"/>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="46"/>
        <source>Scan with your banking app to pay</source>
        <translation>Quét bằng ứng dụng ngân hàng để thanh toán</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="47"/>
        <source>Thank you!</source>
        <translation>Cảm ơn quý khách!</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="48"/>
        <source>Your change</source>
        <translation>Tiền thừa trả lại</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="49"/>
        <location filename="../../ui/models.py" line="218"/>
        <location filename="../../ui/screens/sale.py" line="535"/>
        <source>Items</source>
        <translation>Số hàng</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="50"/>
        <location filename="../../ui/screens/payment.py" line="566"/>
        <source>Reference</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="51"/>
        <location filename="../../ui/models.py" line="60"/>
        <location filename="../../ui/screens/sale.py" line="464"/>
        <location filename="../../ui/screens/sale.py" line="539"/>
        <source>Discount</source>
        <translation>Chiết khấu</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="259"/>
        <source>Only one screen: the customer display would cover the till. It opens by itself when a second screen is connected.</source>
        <extracomment>Asks whether to show the display on a screen just connected: (yes, remember the answer).</extracomment>
        <translation>Chỉ có một màn hình: màn hình khách sẽ che mất màn hình bán hàng. Nó sẽ tự mở khi cắm màn hình thứ hai.</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="317"/>
        <source>A second screen was connected. Show the customer display on it?</source>
        <translation>Vừa cắm thêm một màn hình. Hiện màn hình khách trên đó?</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="318"/>
        <source>Show it</source>
        <translation>Hiện lên</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="319"/>
        <source>Not now</source>
        <translation>Để sau</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="320"/>
        <source>Remember my answer on this till</source>
        <translation>Ghi nhớ lựa chọn này trên máy</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="44"/>
        <source>{some} or {last}</source>
        <translation>{some} hoặc {last}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="103"/>
        <location filename="../../ui/status_bar.py" line="219"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="129"/>
        <location filename="../../ui/dialogs.py" line="155"/>
        <location filename="../../ui/dialogs.py" line="313"/>
        <location filename="../../ui/dialogs.py" line="410"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="135"/>
        <source>Type a number above zero, e.g. 2 or 0,5</source>
        <translation>Nhập một số lớn hơn 0, ví dụ 2 hoặc 0,5</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="151"/>
        <source>Unit price in đồng</source>
        <translation>Đơn giá (đồng)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="165"/>
        <source>Type a price above zero (a free item is a 100 % discount)</source>
        <translation>Hãy nhập giá lớn hơn 0 (tặng miễn phí thì giảm giá 100 %)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="178"/>
        <source>Percent %</source>
        <translation>Phần trăm %</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="179"/>
        <source>Amount ₫</source>
        <translation>Số tiền ₫</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="191"/>
        <source>0 removes the discount</source>
        <translation>Nhập 0 để bỏ chiết khấu</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="195"/>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="210"/>
        <source>A percentage is a whole number from 0 to 100</source>
        <translation>Phần trăm là số nguyên từ 0 đến 100</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="238"/>
        <source>Approval</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="266"/>
        <source>PIN of the person approving</source>
        <translation>Mã PIN người duyệt</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="245"/>
        <source>Needs approval: {what}</source>
        <translation>Cần duyệt: {what}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="252"/>
        <source>Approved with the PIN of: {roles}</source>
        <translation>Người được duyệt bằng mã PIN: {roles}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="261"/>
        <location filename="../../ui/dialogs.py" line="307"/>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="270"/>
        <source>Approve</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="280"/>
        <location filename="../../ui/dialogs.py" line="327"/>
        <source>Type the reason first</source>
        <translation>Hãy nhập lý do trước</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="303"/>
        <source>Amount in đồng</source>
        <translation>Số tiền (đồng)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="323"/>
        <source>Type an amount above zero</source>
        <translation>Nhập số tiền lớn hơn 0</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="416"/>
        <source>This cannot be left empty</source>
        <translation>Không được để trống</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="433"/>
        <source>Print</source>
        <translation>In</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="433"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="22"/>
        <location filename="../../ui/models.py" line="217"/>
        <source>Cashier</source>
        <extracomment>Staff roles as the till names them (translated where shown): header, sign-in tiles, approval prompts.</extracomment>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="23"/>
        <source>Shift lead</source>
        <translation>Trưởng ca</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="24"/>
        <location filename="../../ui/main_window.py" line="131"/>
        <location filename="../../ui/main_window.py" line="193"/>
        <location filename="../../ui/screens/menu.py" line="119"/>
        <location filename="../../ui/screens/menu.py" line="172"/>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="25"/>
        <source>Administrator</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124"/>
        <source>Menu</source>
        <extracomment>How often a running till leaves a sign of life (``pos.last_run``): an unexpected stop is dated to this.</extracomment>
        <translation>Menu</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="135"/>
        <location filename="../../ui/screens/open_shift.py" line="54"/>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Till {code}</source>
        <translation>Quầy {code}</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="316"/>
        <source>Customer display</source>
        <translation>Màn hình khách hàng</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Camera scanner preview</source>
        <translation>Hình camera quét mã</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <location filename="../../ui/screens/signin.py" line="155"/>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="186"/>
        <location filename="../../ui/screens/open_shift.py" line="56"/>
        <location filename="../../ui/screens/open_shift.py" line="65"/>
        <source>Open the shift</source>
        <translation>Mở ca</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187"/>
        <source>Sale</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <location filename="../../ui/screens/payment.py" line="358"/>
        <source>Payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <location filename="../../ui/screens/parked.py" line="93"/>
        <location filename="../../ui/screens/sale.py" line="308"/>
        <source>Parked sales</source>
        <translation>Đơn chờ</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190"/>
        <location filename="../../ui/screens/sale.py" line="314"/>
        <source>Returns</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <location filename="../../ui/screens/menu.py" line="133"/>
        <source>Till menu</source>
        <translation>Menu quầy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192"/>
        <location filename="../../ui/screens/menu.py" line="73"/>
        <source>Close the shift</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="435"/>
        <source>Only a manager can open the manager screens</source>
        <extracomment>Screens built the first time they are shown (or asked for), modules and widgets both: only sign-in and the sale screen are needed to start selling, and building the rest cost a tenth of a second of every start.</extracomment>
        <translation>Chỉ quản lý mới mở được màn hình quản lý</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="498"/>
        <source>Close the open dialog first, then scan again</source>
        <translation>Hãy đóng hộp thoại đang mở rồi quét lại</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="583"/>
        <source>Receipt not printed: {reason}. The sale is saved; reprint later.</source>
        <translation>Chưa in được hoá đơn: {reason}. Giao dịch đã được lưu; hãy in lại sau.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="587"/>
        <source>Printer: {reason}</source>
        <translation>Máy in: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="593"/>
        <source>Today&apos;s backup of the till failed: {reason}. Sales are saved; tell the manager.</source>
        <translation>Sao lưu hôm nay của máy bán hàng bị lỗi: {reason}. Giao dịch vẫn được lưu; hãy báo quản lý.</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="40"/>
        <source>OCOP rating expired — do not advertise it</source>
        <extracomment>Extra line under a product&apos;s name: (key, text) for warnings.</extracomment>
        <translation>Chứng nhận OCOP đã hết hạn — không giới thiệu là hàng OCOP</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="41"/>
        <source>Not in stock per the system — check the shelf</source>
        <translation>Hệ thống ghi hết hàng — kiểm tra lại kệ</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="56"/>
        <location filename="../../ui/models.py" line="284"/>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="57"/>
        <source>OCOP</source>
        <translation>OCOP</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="58"/>
        <location filename="../../ui/screens/sale.py" line="458"/>
        <source>Qty</source>
        <translation>SL</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="59"/>
        <location filename="../../ui/screens/sale.py" line="460"/>
        <source>Unit price</source>
        <translation>Đơn giá</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="61"/>
        <location filename="../../ui/screens/payment.py" line="371"/>
        <location filename="../../ui/screens/sale.py" line="468"/>
        <source>Amount</source>
        <translation>Thành tiền</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="131"/>
        <source>Promo {code}</source>
        <translation>KM {code}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="138"/>
        <source>price label from the scale</source>
        <translation>tem giá từ cân</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="140"/>
        <source>weighed, per {unit}</source>
        <translation>hàng cân, theo {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="145"/>
        <source>promotion: {name}</source>
        <translation>khuyến mãi: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="147"/>
        <source>line discount {pct}%</source>
        <translation>giảm {pct}%</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="172"/>
        <source>Promotion {code}: {name}</source>
        <translation>Khuyến mãi {code}: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="174"/>
        <source>OCOP {n} stars, until {date}</source>
        <translation>OCOP {n} sao, hiệu lực đến {date}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="206"/>
        <location filename="../../ui/screens/sale.py" line="125"/>
        <source>per {unit}</source>
        <extracomment>How many quick keys: the favourites, then products without a barcode (``Catalogue.quick_keys``). Below this width (px) the sale screen is laid out for a 1024-pixel monitor (``SaleScreen.set_compact``). The quick keys&apos; panel on a 1024-pixel monitor: two columns of keys.</extracomment>
        <translation>theo {unit}</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="215"/>
        <source>No.</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="216"/>
        <source>Parked at</source>
        <translation>Giờ giữ</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models.py" line="264"/>
        <location filename="../../ui/screens/sale.py" line="536"/>
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n món</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="285"/>
        <source>Sold</source>
        <translation>Đã bán</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="286"/>
        <source>Can return</source>
        <translation>Còn trả được</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="287"/>
        <source>Return</source>
        <translation>Trả</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="288"/>
        <location filename="../../ui/screens/returns.py" line="122"/>
        <location filename="../../ui/screens/returns.py" line="281"/>
        <source>Refund</source>
        <translation>Hoàn tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="55"/>
        <source>Finish or leave this screen before scanning products</source>
        <translation>Hoàn tất hoặc rời màn hình này trước khi quét sản phẩm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="71"/>
        <source>X report</source>
        <translation>Báo cáo X</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="85"/>
        <source>Reprint the last receipt</source>
        <translation>In lại hoá đơn vừa rồi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="95"/>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="100"/>
        <source>Open the drawer (no sale)</source>
        <translation>Mở két (không bán hàng)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="117"/>
        <location filename="../../ui/screens/parked.py" line="76"/>
        <location filename="../../ui/screens/payment.py" line="186"/>
        <location filename="../../ui/screens/returns.py" line="117"/>
        <source>Back to sale</source>
        <translation>Về bán hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="134"/>
        <source>Shift and cash</source>
        <translation>Ca làm việc và tiền mặt</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="135"/>
        <source>Receipts and drawer</source>
        <translation>Hoá đơn và két tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="136"/>
        <source>Scan or type a receipt number to reprint it</source>
        <translation>Quét hoặc gõ số hoá đơn để in lại</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="143"/>
        <location filename="../../ui/screens/menu.py" line="306"/>
        <source>No shift is open on this till.</source>
        <translation>Chưa mở ca trên quầy này.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="147"/>
        <source>Opened {time} by {name} · float {amount}</source>
        <translation>Mở lúc {time} bởi {name} · tiền đầu ca {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="172"/>
        <source>Stock</source>
        <translation>Kho hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="181"/>
        <source>No receipt has been made on this till yet</source>
        <translation>Quầy này chưa có hoá đơn nào</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="184"/>
        <source>Copy of the last receipt sent to the printer</source>
        <translation>Đã gửi bản sao hoá đơn vừa rồi tới máy in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="191"/>
        <source>Scan the receipt&apos;s barcode or type its number first</source>
        <translation>Hãy quét mã vạch hoặc gõ số hoá đơn trước</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="203"/>
        <source>Copy of receipt {ref} sent to the printer</source>
        <translation>Đã gửi bản sao hoá đơn {ref} tới máy in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="208"/>
        <source>Open the drawer</source>
        <translation>Mở két</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="209"/>
        <source>Why does the drawer need opening without a sale?</source>
        <translation>Vì sao cần mở két khi không bán hàng?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="212"/>
        <source>e.g. change for another till</source>
        <translation>ví dụ: đổi tiền lẻ cho quầy khác</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="230"/>
        <source>Drawer opened (logged)</source>
        <translation>Đã mở két (có ghi nhật ký)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="236"/>
        <source>Cash put into the drawer (e.g. more change from the safe), and why.</source>
        <translation>Tiền nộp vào két (ví dụ thêm tiền lẻ từ két sắt) và lý do.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="238"/>
        <source>Cash taken out of the drawer (e.g. paying a delivery), and why.</source>
        <translation>Tiền rút khỏi két (ví dụ trả tiền giao hàng) và lý do.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="258"/>
        <source>{what} of {amount} recorded</source>
        <translation>Đã ghi {what} {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="41"/>
        <source>X report — the shift so far</source>
        <translation>Báo cáo X — ca đến lúc này</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="221"/>
        <source>Opening the drawer without a sale needs approval.</source>
        <translation>Mở két khi không bán hàng cần được duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="248"/>
        <source>{what} of {amount} needs approval.</source>
        <translation>{what} {amount} cần được duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="267"/>
        <source>The X report needs approval.</source>
        <translation>Báo cáo X cần được duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/menu.py" line="278"/>
        <source>X report sent to the printer</source>
        <translation>Đã gửi báo cáo X tới máy in</translation>
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
        <location filename="../../ui/formatting.py" line="13"/>
        <source>Cash</source>
        <extracomment>Payment methods as the payment and returns screens name them (translated where shown).</extracomment>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="14"/>
        <source>VietQR transfer</source>
        <translation>Chuyển khoản QR</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="15"/>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="16"/>
        <source>Foreign cash</source>
        <translation>Ngoại tệ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="140"/>
        <source>Remove last payment</source>
        <extracomment>The keys of the likely amounts (``pos.payments.cash_suggest``), after F5 for the exact amount: F5–F8 are the cash keys, as F1–F4 are the methods&apos;.</extracomment>
        <translation>Bỏ khoản thanh toán cuối</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="144"/>
        <source>Invoice for a buyer</source>
        <translation>Hoá đơn cho người mua</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="188"/>
        <source>Complete sale</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="210"/>
        <source>Exact amount</source>
        <translation>Đúng số tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="237"/>
        <source>Clear</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="240"/>
        <source>Add cash for split</source>
        <translation>Thêm tiền mặt (chia)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="284"/>
        <source>Money received</source>
        <translation>Đã nhận tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="313"/>
        <source>Add card payment</source>
        <translation>Thêm thanh toán thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="345"/>
        <source>Add foreign cash</source>
        <translation>Thêm ngoại tệ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="348"/>
        <source>Set rate (manager)</source>
        <translation>Đặt tỷ giá (quản lý)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="359"/>
        <source>Cash received from the customer</source>
        <translation>Tiền mặt khách đưa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="362"/>
        <source>Type or tap what the customer hands over (k or 000 adds three zeros); the change shows on the left. Enter with the field empty: the customer paid the exact amount.</source>
        <translation>Gõ hoặc chạm số tiền khách đưa (k hoặc 000 thêm ba số 0); tiền thừa hiện bên trái. Enter khi ô còn trống: khách trả đúng số tiền.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="366"/>
        <source>Amount to transfer</source>
        <translation>Số tiền chuyển khoản</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="367"/>
        <source>Card on the bank&apos;s terminal</source>
        <translation>Thẻ qua máy POS của ngân hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="369"/>
        <source>Charge the amount on the card terminal, then type its approval code here.</source>
        <translation>Quẹt thẻ số tiền này trên máy POS, rồi nhập mã chuẩn chi vào đây.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="372"/>
        <source>Approval code</source>
        <translation>Mã chuẩn chi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="373"/>
        <source>Foreign cash — change is given in đồng</source>
        <translation>Ngoại tệ — tiền thừa trả bằng đồng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="374"/>
        <source>Amount in the foreign currency</source>
        <translation>Số tiền ngoại tệ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="375"/>
        <source>Amount due</source>
        <translation>Phải thu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="376"/>
        <source>Paid</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="377"/>
        <source>Still due</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="378"/>
        <source>Change to give</source>
        <translation>Tiền thừa trả khách</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="379"/>
        <source>Payments taken</source>
        <translation>Các khoản đã nhận</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="394"/>
        <source>Receipt {label}</source>
        <translation>Hoá đơn {label}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="471"/>
        <source>{amount} = exact amount</source>
        <translation>{amount} = đúng số tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="558"/>
        <source>Type the amount and show the QR to the customer.</source>
        <translation>Nhập số tiền và đưa mã QR cho khách quét.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="563"/>
        <source>Bank</source>
        <translation>Ngân hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="564"/>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="565"/>
        <source>Sum to pay</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="573"/>
        <source>Ask the customer to scan with their banking app. Confirm only when the money shows in the shop&apos;s account.</source>
        <translation>Mời khách quét bằng ứng dụng ngân hàng. Chỉ xác nhận khi tiền đã vào tài khoản cửa hàng.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="581"/>
        <source>The transfer is more than what is still due</source>
        <translation>Số chuyển khoản lớn hơn số còn phải thu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="588"/>
        <source>Transfer recorded</source>
        <translation>Đã ghi nhận chuyển khoản</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="632"/>
        <source>No exchange rates are set. A manager sets them with the button below.</source>
        <translation>Chưa có tỷ giá. Quản lý đặt tỷ giá bằng nút bên dưới.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="638"/>
        <source>Rate: 1 {cur} = {rate} ₫</source>
        <translation>Tỷ giá: 1 {cur} = {rate} ₫</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="668"/>
        <source>Setting an exchange rate needs a manager.</source>
        <translation>Đặt tỷ giá cần quản lý duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="674"/>
        <source>Exchange rate</source>
        <translation>Tỷ giá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="675"/>
        <source>Currency and đồng per unit, e.g. USD 25.400 or KRW 18,35 (0 removes the currency)</source>
        <translation>Mã tiền tệ và số đồng cho một đơn vị, ví dụ USD 25.400 hoặc KRW 18,35 (0 để bỏ loại tiền)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="707"/>
        <source>Press “Money received” once the transfer has arrived</source>
        <translation>Bấm “Đã nhận tiền” khi tiền chuyển khoản đã về</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="713"/>
        <source>This sale has a discount above your limit. A manager approves it with their PIN.</source>
        <translation>Đơn này có chiết khấu vượt hạn mức của bạn. Quản lý duyệt bằng mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="722"/>
        <source>Not approved: change the discount or ask a manager</source>
        <translation>Chưa được duyệt: sửa chiết khấu hoặc nhờ quản lý</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="746"/>
        <source>Invoice to: {name} ({ident})</source>
        <translation>Xuất hoá đơn cho: {name} ({ident})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/payment.py" line="771"/>
        <source>Go back to the sale (Esc) to add more products</source>
        <translation>Quay lại bán hàng (Esc) để thêm sản phẩm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="66"/>
        <source>Find receipt</source>
        <translation>Tìm hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="97"/>
        <source>One less</source>
        <translation>Bớt một</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="98"/>
        <source>One more</source>
        <translation>Thêm một</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="99"/>
        <source>Whole line</source>
        <translation>Cả dòng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="120"/>
        <location filename="../../ui/screens/returns.py" line="296"/>
        <location filename="../../ui/screens/returns.py" line="300"/>
        <source>Void the whole sale</source>
        <translation>Huỷ cả hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="132"/>
        <source>Return goods</source>
        <translation>Khách trả hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="134"/>
        <source>Scan the barcode on the receipt, or type its number (e.g. T01-000123 or 123)</source>
        <translation>Quét mã vạch trên hoá đơn, hoặc nhập số hoá đơn (ví dụ T01-000123 hoặc 123)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="136"/>
        <source>Reason for the return (required)</source>
        <translation>Lý do trả hàng (bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="165"/>
        <source>Everything on this receipt has already been returned</source>
        <translation>Toàn bộ hàng trên hoá đơn này đã được trả</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="171"/>
        <source>No receipt loaded</source>
        <translation>Chưa chọn hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="175"/>
        <source>Receipt {label} · {time} · total {total} · paid by {methods}</source>
        <translation>Hoá đơn {label} · {time} · tổng {total} · trả bằng {methods}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="204"/>
        <source>That product is not on this receipt (or was already returned)</source>
        <translation>Sản phẩm này không có trên hoá đơn (hoặc đã trả hết)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="225"/>
        <source>Pick the lines and quantities that come back</source>
        <translation>Chọn dòng hàng và số lượng khách trả lại</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="233"/>
        <source>Refund {amount} — {methods}</source>
        <translation>Hoàn {amount} — {methods}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="241"/>
        <source>Type the reason first (e.g. broken lid, wrong size)</source>
        <translation>Hãy nhập lý do trước (ví dụ: vỡ nắp, nhầm cỡ)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="255"/>
        <source>{what} cancelled: nothing was changed, nothing refunded.</source>
        <translation>Đã huỷ {what}: không có gì thay đổi, chưa hoàn tiền.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="271"/>
        <source>Refund {amount}: it needs approval.</source>
        <translation>Hoàn tiền {amount}: cần được duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="309"/>
        <source>Voiding a paid sale needs approval.</source>
        <translation>Huỷ hoá đơn đã thanh toán cần được duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="319"/>
        <source>Void</source>
        <translation>huỷ hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="289"/>
        <source>Find the receipt first</source>
        <translation>Hãy tìm hoá đơn trước</translation>
    </message>
    <message>
        <location filename="../../ui/screens/returns.py" line="298"/>
        <source>Void receipt {label}? The whole sale is reversed and {amount} goes back to the customer.</source>
        <translation>Huỷ hoá đơn {label}? Toàn bộ hoá đơn bị đảo ngược và trả lại khách {amount}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="477"/>
        <source>Scan, or type a name or code (F2) · 3* = three</source>
        <translation>Quét mã, hoặc gõ tên/mã hàng (F2) · 3* = ba cái</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="479"/>
        <source>Scan a product to start the sale
or tap a quick key on the right, or type a name above.</source>
        <translation>Quét một sản phẩm để bắt đầu bán
hoặc chạm phím nhanh bên phải, hoặc gõ tên ở trên.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="482"/>
        <source>No product matches. Check the spelling, or type a barcode and press Enter.</source>
        <translation>Không có sản phẩm phù hợp. Kiểm tra chính tả, hoặc gõ mã vạch rồi nhấn Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="496"/>
        <source>Customer: EN</source>
        <translation>Khách: EN</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="502"/>
        <source>Search results</source>
        <translation>Kết quả tìm kiếm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="504"/>
        <source>Quick keys</source>
        <translation>Phím nhanh</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="543"/>
        <source>VAT included</source>
        <translation>Đã gồm thuế GTGT</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="552"/>
        <source>CHANGE</source>
        <translation>TIỀN THỪA</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="555"/>
        <source>Last sale</source>
        <translation>Đơn vừa bán</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="558"/>
        <source>TOTAL</source>
        <translation>TỔNG CỘNG</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="632"/>
        <source>Weight</source>
        <translation>Khối lượng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="633"/>
        <source>{name}: weight in {unit}</source>
        <translation>{name}: khối lượng ({unit})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="654"/>
        <source>Added: {name} × {qty}</source>
        <translation>Đã thêm: {name} × {qty}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="716"/>
        <source>Pick a line first (Up/Down arrows or tap it)</source>
        <translation>Hãy chọn một dòng trước (phím mũi tên Lên/Xuống hoặc chạm vào dòng)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="297"/>
        <location filename="../../ui/screens/sale.py" line="726"/>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="727"/>
        <source>{name}: new quantity</source>
        <translation>{name}: số lượng mới</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="300"/>
        <location filename="../../ui/screens/sale.py" line="791"/>
        <source>Line discount</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="792"/>
        <source>{name} — line amount {amount}</source>
        <translation>{name} — thành tiền {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="303"/>
        <location filename="../../ui/screens/sale.py" line="808"/>
        <source>Sale discount</source>
        <translation>Giảm cả đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="808"/>
        <source>Whole sale — {amount}</source>
        <translation>Cả đơn — {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="824"/>
        <source>This discount is above your limit. A manager approves it with their PIN.</source>
        <translation>Mức giảm giá vượt hạn mức của bạn. Quản lý duyệt bằng mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="842"/>
        <source>Removed: {name}</source>
        <translation>Đã bỏ: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="311"/>
        <location filename="../../ui/screens/sale.py" line="851"/>
        <location filename="../../ui/screens/sale.py" line="853"/>
        <source>Clear sale</source>
        <translation>Xoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="257"/>
        <location filename="../../ui/screens/sale.py" line="496"/>
        <source>Customer: VI</source>
        <translation>Khách: VI</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="298"/>
        <source>Price</source>
        <translation>Sửa giá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="305"/>
        <source>Remove line</source>
        <translation>Bỏ dòng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="306"/>
        <source>Park sale</source>
        <translation>Giữ đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="370"/>
        <source>Pay</source>
        <translation>Thanh toán</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/sale.py" line="537"/>
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n dòng</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="750"/>
        <source>Price override</source>
        <translation>Sửa giá bán</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="751"/>
        <source>{name}: new unit price (catalogue price {price})</source>
        <translation>{name}: đơn giá mới (giá niêm yết {price})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="769"/>
        <source>Changing a price needs a manager. A manager approves it with their PIN.</source>
        <translation>Sửa giá bán cần quản lý. Quản lý duyệt bằng mã PIN của mình.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="777"/>
        <source>{name} now sells at {price}</source>
        <translation>{name} giờ bán giá {price}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="852"/>
        <source>Remove every line of this sale? Nothing is saved.</source>
        <translation>Xoá toàn bộ đơn hàng này? Không có gì được lưu.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="862"/>
        <source>Sale cleared</source>
        <translation>Đã xoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="872"/>
        <source>Parked as #{n} ({total}). Recall it with F8.</source>
        <translation>Đã giữ đơn #{n} ({total}). Gọi lại bằng F8.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="882"/>
        <source>The cart is empty</source>
        <translation>Giỏ hàng trống</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="892"/>
        <source>Refund {label} saved: give back {amount}</source>
        <translation>Đã lưu phiếu trả {label}: hoàn lại khách {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="896"/>
        <source>Sale {label} saved. Change to give: {change}</source>
        <translation>Đã lưu hoá đơn {label}. Tiền thừa trả khách: {change}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sale.py" line="900"/>
        <source>Sale {label} saved. No change due.</source>
        <translation>Đã lưu hoá đơn {label}. Không có tiền thừa.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="63"/>
        <source>locked</source>
        <extracomment>Below this height (px) the sign-in screen is laid out tighter (the window&apos;s minimum, 1024×700, leaves ~612).</extracomment>
        <translation>bị khoá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="218"/>
        <source>Who is signing in?</source>
        <translation>Ai đăng nhập?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="220"/>
        <source>Tap your name, then type your PIN. Or just type your PIN.</source>
        <translation>Chạm vào tên bạn rồi nhập mã PIN. Hoặc chỉ cần nhập mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="224"/>
        <source>Nobody can sign in yet. Create the first administrator: ocop-pos staff first-admin CODE NAME</source>
        <translation>Chưa ai đăng nhập được. Hãy tạo quản trị viên đầu tiên: ocop-pos staff first-admin MÃ TÊN</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="228"/>
        <source>Enter your staff PIN</source>
        <translation>Nhập mã PIN nhân viên</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="230"/>
        <source>PIN for {name}</source>
        <translation>Mã PIN của {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="286"/>
        <source>Sign in first, then scan</source>
        <translation>Hãy đăng nhập trước khi quét</translation>
    </message>
    <message>
        <location filename="../../ui/camera_panel.py" line="126"/>
        <source>Hide camera</source>
        <extracomment>``[camera]`` keys for the scan deduper: seconds before the same code counts again after leaving the view, and (optional) seconds after which a code held in view counts again.</extracomment>
        <translation>Ẩn camera</translation>
    </message>
    <message>
        <location filename="../../ui/camera_panel.py" line="151"/>
        <source>Camera scanner: hold the barcode up to the camera</source>
        <translation>Quét bằng camera: đưa mã vạch trước camera</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="17"/>
        <source>Sales</source>
        <translation>Số hoá đơn bán</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="18"/>
        <source>Sales total</source>
        <translation>Doanh thu bán</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="19"/>
        <source>Discounts</source>
        <translation>Chiết khấu</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="20"/>
        <source>Returns ({n})</source>
        <translation>Trả hàng ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="21"/>
        <source>Voids after payment ({n})</source>
        <translation>Huỷ sau thanh toán ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="23"/>
        <source>Lines removed before payment ({n})</source>
        <translation>Bỏ dòng trước thanh toán ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="26"/>
        <source>Drawer opened without a sale</source>
        <translation>Mở két không bán hàng</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="27"/>
        <source>Net total</source>
        <translation>Doanh thu thuần</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="30"/>
        <source>VAT {rate}%</source>
        <translation>Thuế GTGT {rate}%</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="32"/>
        <source>Opening float</source>
        <translation>Tiền đầu ca</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="33"/>
        <location filename="../../ui/screens/menu.py" line="66"/>
        <location filename="../../ui/screens/menu.py" line="234"/>
        <source>Paid in</source>
        <translation>Nộp tiền vào két</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="34"/>
        <location filename="../../ui/screens/menu.py" line="69"/>
        <location filename="../../ui/screens/menu.py" line="234"/>
        <source>Paid out</source>
        <translation>Rút tiền khỏi két</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="35"/>
        <source>Cash expected in the drawer</source>
        <translation>Tiền mặt phải có trong két</translation>
    </message>
    <message>
        <location filename="../../ui/screens/close_shift.py" line="36"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../../ui/screens/close_shift.py" line="39"/>
        <source>Print the Z report again</source>
        <translation>In lại báo cáo Z</translation>
    </message>
    <message>
        <location filename="../../ui/screens/close_shift.py" line="42"/>
        <source>Finish and sign out</source>
        <translation>Xong, đăng xuất</translation>
    </message>
    <message>
        <location filename="../../ui/screens/close_shift.py" line="62"/>
        <source>Closing the shift with sales not yet sent needs approval.</source>
        <translation>Đóng ca khi còn giao dịch chưa gửi cần được duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/close_shift.py" line="96"/>
        <location filename="../../ui/screens/manager.py" line="80"/>
        <source>Z report No. {n} sent to the printer</source>
        <translation>Đã gửi báo cáo Z số {n} tới máy in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/close_shift.py" line="123"/>
        <source>Count the drawer first; scanning is not used here</source>
        <translation>Hãy đếm tiền trong két; màn hình này không dùng máy quét</translation>
    </message>
    <message>
        <location filename="../../ui/screens/manager.py" line="40"/>
        <source>Back to the till</source>
        <translation>Về màn hình bán hàng</translation>
    </message>
    <message>
        <location filename="../../ui/screens/manager.py" line="56"/>
        <source>This needs the approval of someone with the right.</source>
        <translation>Việc này cần người có quyền duyệt.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/manager.py" line="111"/>
        <source>Scanning works in stock count, receiving and products</source>
        <translation>Máy quét dùng được ở kiểm kê, nhập hàng và hàng hoá</translation>
    </message>
    <message>
        <location filename="../../ui/screens/open_shift.py" line="47"/>
        <source>Counted? F12 opens the shift.</source>
        <translation>Đếm xong? F12 để mở ca.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/open_shift.py" line="68"/>
        <source>No shift is open on till {code}. Count the cash in the drawer (the float) note by note, then open the shift to start selling.</source>
        <translation>Quầy {code} chưa mở ca. Đếm tiền trong két (tiền đầu ca) theo từng mệnh giá rồi mở ca để bắt đầu bán.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/open_shift.py" line="72"/>
        <source>Float in the drawer</source>
        <translation>Tiền đầu ca trong két</translation>
    </message>
    <message>
        <location filename="../../ui/screens/open_shift.py" line="73"/>
        <source>FLOAT</source>
        <translation>TIỀN ĐẦU CA</translation>
    </message>
    <message>
        <location filename="../../ui/screens/open_shift.py" line="90"/>
        <source>Shift opened with a float of {amount}</source>
        <translation>Đã mở ca với tiền đầu ca {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/open_shift.py" line="104"/>
        <source>Open the shift first, then scan</source>
        <translation>Hãy mở ca trước rồi quét</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="76"/>
        <source>No receipt printer set up</source>
        <translation>Chưa cài máy in hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="78"/>
        <source>Printer settings invalid: {problem}</source>
        <translation>Cài đặt máy in sai: {problem}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="80"/>
        <source>1 receipt waiting</source>
        <translation>1 hoá đơn chờ in</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="82"/>
        <source>{n} receipts waiting</source>
        <translation>{n} hoá đơn chờ in</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="84"/>
        <source>Printer not printing: {problem}</source>
        <translation>Máy in không in được: {problem}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="84"/>
        <source>offline</source>
        <translation>mất kết nối</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="86"/>
        <source>Printer: {problem}</source>
        <translation>Máy in: {problem}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="88"/>
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="90"/>
        <source>Printer ready</source>
        <translation>Máy in sẵn sàng</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="114"/>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="135"/>
        <source>Camera: starting…</source>
        <translation>Camera: đang khởi động…</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="165"/>
        <source>Head office: starting…</source>
        <translation>Văn phòng: đang khởi động…</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="167"/>
        <source>Head office: this till is not registered</source>
        <translation>Văn phòng: quầy chưa đăng ký</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="170"/>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="173"/>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="176"/>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="179"/>
        <source>{n} to send</source>
        <translation>{n} giao dịch chờ gửi</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="181"/>
        <source>{n} refused by head office</source>
        <translation>{n} bị văn phòng từ chối</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="184"/>
        <source>last sync {time}</source>
        <translation>đồng bộ lần cuối {time}</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="186"/>
        <source>never synced</source>
        <translation>chưa đồng bộ lần nào</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="194"/>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="215"/>
        <source>Customer display: on</source>
        <translation>Màn hình khách: đang bật</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="216"/>
        <source>Close it</source>
        <translation>Tắt</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="218"/>
        <source>Customer display: waiting for a second screen</source>
        <translation>Màn hình khách: chờ màn hình thứ hai</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="221"/>
        <source>Customer display: off</source>
        <translation>Màn hình khách: tắt</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="222"/>
        <source>Open it</source>
        <translation>Mở</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="31"/>
        <source>The till stopped unexpectedly at {time}: the program crashed. The details are in the log file {path} — please send that file to support.</source>
        <translation>Máy bán hàng đã dừng đột ngột lúc {time}: chương trình bị lỗi. Chi tiết nằm trong tệp nhật ký {path} — hãy gửi tệp này cho bộ phận hỗ trợ.</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="36"/>
        <source>The till stopped unexpectedly at about {time}: the computer restarted or lost power while the till was open. The log file is {path}.</source>
        <translation>Máy bán hàng đã dừng đột ngột vào khoảng {time}: máy tính bị khởi động lại hoặc mất điện khi máy bán hàng đang mở. Tệp nhật ký: {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="41"/>
        <source>The till stopped unexpectedly at about {time}: it was ended by the system or lost power. The log file is {path}.</source>
        <translation>Máy bán hàng đã dừng đột ngột vào khoảng {time}: chương trình bị hệ thống đóng hoặc bị mất điện. Tệp nhật ký: {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="46"/>
        <source>The sale in progress was kept: it is waiting on the sale screen.</source>
        <translation>Giao dịch đang bán dở vẫn được giữ: nó đang chờ trên màn hình bán hàng.</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="55"/>
        <source>The sale in progress was restored after an unexpected stop (started by {name} at {time}).</source>
        <translation>Giao dịch đang bán dở đã được khôi phục sau khi máy dừng đột ngột (do {name} bắt đầu lúc {time}).</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="57"/>
        <source>The sale in progress when the till was closed was restored (started by {name} at {time}).</source>
        <translation>Giao dịch đang bán dở lúc tắt máy đã được khôi phục (do {name} bắt đầu lúc {time}).</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="60"/>
        <source>It was started on {date}: its lines keep that day&apos;s prices.</source>
        <translation>Giao dịch bắt đầu từ ngày {date}: các dòng giữ giá của ngày đó.</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="64"/>
        <source>Its discounts need a manager&apos;s approval again at payment.</source>
        <translation>Các chiết khấu của giao dịch cần quản lý duyệt lại khi thanh toán.</translation>
    </message>
    <message>
        <location filename="../../ui/restart_notices.py" line="92"/>
        <source>Dismiss</source>
        <translation>Đã hiểu</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="17"/>
        <source>Tax code (MST)</source>
        <extracomment>(field, label, shown for company, shown for person)</extracomment>
        <translation>Mã số thuế (MST)</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="18"/>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="19"/>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="20"/>
        <source>Citizen ID (CCCD)</source>
        <translation>Số CCCD</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="21"/>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="22"/>
        <source>Email for the invoice</source>
        <translation>Email nhận hoá đơn</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="30"/>
        <source>Buyer on the e-invoice</source>
        <translation>Người mua trên hoá đơn điện tử</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="35"/>
        <source>Company</source>
        <translation>Công ty</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="38"/>
        <source>Person</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <location filename="../../ui/einvoice_buyer.py" line="55"/>
        <source>Use these details</source>
        <translation>Dùng thông tin này</translation>
    </message>
    <message>
        <location filename="../../ui/manager/shift_close.py" line="73"/>
        <source>Confirm the count and close the shift</source>
        <extracomment>Asks someone closing on their own right whether to close with ``n`` unsent sales.</extracomment>
        <translation>Xác nhận số đếm và đóng ca</translation>
    </message>
</context>
</TS>
