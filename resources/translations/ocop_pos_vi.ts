<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name></name>
    <message>
        <source>Welcome!</source>
        <translation>Xin kính chào quý khách!</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <source>Scan with your banking app to pay</source>
        <translation>Quét bằng ứng dụng ngân hàng để thanh toán</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Cảm ơn quý khách!</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>Tiền thừa trả lại</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Số hàng</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Chiết khấu</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Only one screen: the customer display would cover the till. It opens by itself when a second screen is connected.</source>
        <translation>Chỉ có một màn hình: màn hình khách sẽ che mất màn hình bán hàng. Nó sẽ tự mở khi cắm màn hình thứ hai.</translation>
    </message>
    <message>
        <source>A second screen was connected. Show the customer display on it?</source>
        <translation>Vừa cắm thêm một màn hình. Hiện màn hình khách trên đó?</translation>
    </message>
    <message>
        <source>Show it</source>
        <translation>Hiện lên</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Để sau</translation>
    </message>
    <message>
        <source>Remember my answer on this till</source>
        <translation>Ghi nhớ lựa chọn này trên máy</translation>
    </message>
    <message>
        <source>{some} or {last}</source>
        <translation>{some} hoặc {last}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Type a number above zero, e.g. 2 or 0,5</source>
        <translation>Nhập một số lớn hơn 0, ví dụ 2 hoặc 0,5</translation>
    </message>
    <message>
        <source>Unit price in đồng</source>
        <translation>Đơn giá (đồng)</translation>
    </message>
    <message>
        <source>Type a price above zero (a free item is a 100 % discount)</source>
        <translation>Hãy nhập giá lớn hơn 0 (tặng miễn phí thì giảm giá 100 %)</translation>
    </message>
    <message>
        <source>Percent %</source>
        <translation>Phần trăm %</translation>
    </message>
    <message>
        <source>Amount ₫</source>
        <translation>Số tiền ₫</translation>
    </message>
    <message>
        <source>0 removes the discount</source>
        <translation>Nhập 0 để bỏ chiết khấu</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>A percentage is a whole number from 0 to 100</source>
        <translation>Phần trăm là số nguyên từ 0 đến 100</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <source>PIN of the person approving</source>
        <translation>Mã PIN người duyệt</translation>
    </message>
    <message>
        <source>Needs approval: {what}</source>
        <translation>Cần duyệt: {what}</translation>
    </message>
    <message>
        <source>Approved with the PIN of: {roles}</source>
        <translation>Người được duyệt bằng mã PIN: {roles}</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <source>Type the reason first</source>
        <translation>Hãy nhập lý do trước</translation>
    </message>
    <message>
        <source>Amount in đồng</source>
        <translation>Số tiền (đồng)</translation>
    </message>
    <message>
        <source>Type an amount above zero</source>
        <translation>Nhập số tiền lớn hơn 0</translation>
    </message>
    <message>
        <source>This cannot be left empty</source>
        <translation>Không được để trống</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>In</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Thu ngân</translation>
    </message>
    <message>
        <source>Shift lead</source>
        <translation>Trưởng ca</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Quản lý</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Till {code}</source>
        <translation>Quầy {code}</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>Màn hình khách hàng</translation>
    </message>
    <message>
        <source>Camera scanner preview</source>
        <translation>Hình camera quét mã</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Open the shift</source>
        <translation>Mở ca</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>Bán hàng</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Thanh toán</translation>
    </message>
    <message>
        <source>Parked sales</source>
        <translation>Đơn chờ</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>Trả hàng</translation>
    </message>
    <message>
        <source>Till menu</source>
        <translation>Menu quầy</translation>
    </message>
    <message>
        <source>Close the shift</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <source>Only a manager can open the manager screens</source>
        <translation>Chỉ quản lý mới mở được màn hình quản lý</translation>
    </message>
    <message>
        <source>Close the open dialog first, then scan again</source>
        <translation>Hãy đóng hộp thoại đang mở rồi quét lại</translation>
    </message>
    <message>
        <source>Receipt not printed: {reason}. The sale is saved; reprint later.</source>
        <translation>Chưa in được hoá đơn: {reason}. Giao dịch đã được lưu; hãy in lại sau.</translation>
    </message>
    <message>
        <source>Printer: {reason}</source>
        <translation>Máy in: {reason}</translation>
    </message>
    <message>
        <source>Today&apos;s backup of the till failed: {reason}. Sales are saved; tell the manager.</source>
        <translation>Sao lưu hôm nay của máy bán hàng bị lỗi: {reason}. Giao dịch vẫn được lưu; hãy báo quản lý.</translation>
    </message>
    <message>
        <source>OCOP rating expired — do not advertise it</source>
        <translation>Chứng nhận OCOP đã hết hạn — không giới thiệu là hàng OCOP</translation>
    </message>
    <message>
        <source>Not in stock per the system — check the shelf</source>
        <translation>Hệ thống ghi hết hàng — kiểm tra lại kệ</translation>
    </message>
    <message>
        <source>Product code (SKU)</source>
        <translation>Mã hàng (SKU)</translation>
    </message>
    <message>
        <source>Name (Vietnamese)</source>
        <translation>Tên tiếng Việt</translation>
    </message>
    <message>
        <source>Name (English)</source>
        <translation>Tên tiếng Anh</translation>
    </message>
    <message>
        <source>Name (Chinese)</source>
        <translation>Tên tiếng Trung</translation>
    </message>
    <message>
        <source>Name (Korean)</source>
        <translation>Tên tiếng Hàn</translation>
    </message>
    <message>
        <source>Unit of sale</source>
        <translation>Đơn vị tính</translation>
    </message>
    <message>
        <source>Price (₫)</source>
        <translation>Giá bán (₫)</translation>
    </message>
    <message>
        <source>New price from</source>
        <translation>Giá mới áp dụng từ</translation>
    </message>
    <message>
        <source>VAT class</source>
        <translation>Nhóm thuế GTGT</translation>
    </message>
    <message>
        <source>OCOP stars (0 = none)</source>
        <translation>Hạng sao OCOP (0 = không)</translation>
    </message>
    <message>
        <source>Quick key</source>
        <translation>Phím nhanh</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>Mã vạch</translation>
    </message>
    <message>
        <source>Consignment</source>
        <translation>Ký gửi</translation>
    </message>
    <message>
        <source>Shop commission (%)</source>
        <translation>Hoa hồng cửa hàng (%)</translation>
    </message>
    <message>
        <source>Low-stock threshold</source>
        <translation>Ngưỡng báo tồn thấp</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Mã hàng</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Sản phẩm</translation>
    </message>
    <message>
        <source>Selling price</source>
        <translation>Giá bán</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>Tồn kho</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Hàng hoá</translation>
    </message>
    <message>
        <source>today</source>
        <translation>hôm nay</translation>
    </message>
    <message>
        <source>Saved {sku} · price from {date}</source>
        <translation>Đã lưu {sku} · giá mới từ {date}</translation>
    </message>
    <message>
        <source>Choose a product picture</source>
        <translation>Chọn ảnh sản phẩm</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp *.bmp)</source>
        <translation>Ảnh (*.jpg *.jpeg *.png *.webp *.bmp)</translation>
    </message>
    <message>
        <source>Picture saved</source>
        <translation>Đã lưu ảnh sản phẩm</translation>
    </message>
    <message>
        <source>Picture removed</source>
        <translation>Đã bỏ ảnh</translation>
    </message>
    <message numerus="yes">
        <source>%n shelf labels of {sku} ({price}) sent to the printer</source>
        <translation>
            <numerusform>Đã gửi %n nhãn kệ {sku} ({price}) tới máy in</numerusform>
        </translation>
    </message>
    <message>
        <source>applied</source>
        <translation>đang áp dụng / đã áp dụng</translation>
    </message>
    <message>
        <source>upcoming</source>
        <translation>chờ đến ngày</translation>
    </message>
    <message>
        <source>In stock: {quantity} · cost {cost}</source>
        <translation>Tồn kho: {quantity} · giá vốn {cost}</translation>
    </message>
    <message numerus="yes">
        <source> labels</source>
        <translation>
            <numerusform> nhãn</numerusform>
        </translation>
    </message>
    <message>
        <source>Search by name or SKU, or scan</source>
        <translation>Tìm theo tên, mã hàng hoặc quét mã vạch</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>Sản phẩm mới</translation>
    </message>
    <message>
        <source>Edit {sku}</source>
        <translation>Sửa {sku}</translation>
    </message>
    <message>
        <source>Show on the sale screen</source>
        <translation>Hiện trên màn hình bán hàng</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>cách nhau bằng dấu phẩy</translation>
    </message>
    <message>
        <source>Sold on consignment for the producer</source>
        <translation>Bán ký gửi cho nhà sản xuất</translation>
    </message>
    <message>
        <source>e.g. 15 or 12.5</source>
        <translation>ví dụ 15 hoặc 12,5</translation>
    </message>
    <message>
        <source>units</source>
        <translation>đơn vị</translation>
    </message>
    <message>
        <source>in {unit}; empty = no alert</source>
        <translation>số {unit}; để trống = không báo</translation>
    </message>
    <message>
        <source>Price history</source>
        <translation>Lịch sử giá</translation>
    </message>
    <message>
        <source>Print shelf label(s)</source>
        <translation>In nhãn kệ</translation>
    </message>
    <message>
        <source>How many labels to print</source>
        <translation>Số nhãn cần in</translation>
    </message>
    <message>
        <source>No receipt printer here</source>
        <translation>Máy in chưa sẵn sàng</translation>
    </message>
    <message>
        <source>Choose picture…</source>
        <translation>Chọn ảnh…</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>Bỏ ảnh</translation>
    </message>
    <message>
        <source>OCOP</source>
        <translation>OCOP</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>SL</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Đơn giá</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Thành tiền</translation>
    </message>
    <message>
        <source>Promo {code}</source>
        <translation>KM {code}</translation>
    </message>
    <message>
        <source>price label from the scale</source>
        <translation>tem giá từ cân</translation>
    </message>
    <message>
        <source>weighed, per {unit}</source>
        <translation>hàng cân, theo {unit}</translation>
    </message>
    <message>
        <source>promotion: {name}</source>
        <translation>khuyến mãi: {name}</translation>
    </message>
    <message>
        <source>line discount {pct}%</source>
        <translation>giảm {pct}%</translation>
    </message>
    <message>
        <source>Promotion {code}: {name}</source>
        <translation>Khuyến mãi {code}: {name}</translation>
    </message>
    <message>
        <source>OCOP {n} stars, until {date}</source>
        <translation>OCOP {n} sao, hiệu lực đến {date}</translation>
    </message>
    <message>
        <source>per {unit}</source>
        <translation>theo {unit}</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Parked at</source>
        <translation>Giờ giữ</translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%n món</numerusform>
        </translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Đã bán</translation>
    </message>
    <message>
        <source>Can return</source>
        <translation>Còn trả được</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Trả</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Hoàn tiền</translation>
    </message>
    <message>
        <source>Finish or leave this screen before scanning products</source>
        <translation>Hoàn tất hoặc rời màn hình này trước khi quét sản phẩm</translation>
    </message>
    <message>
        <source>X report</source>
        <translation>Báo cáo X</translation>
    </message>
    <message>
        <source>Reprint the last receipt</source>
        <translation>In lại hoá đơn vừa rồi</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>In lại</translation>
    </message>
    <message>
        <source>Open the drawer (no sale)</source>
        <translation>Mở két (không bán hàng)</translation>
    </message>
    <message>
        <source>VAT refund form (foreign traveller)</source>
        <translation>Tờ khai hoàn thuế GTGT (khách nước ngoài)</translation>
    </message>
    <message>
        <source>Back to sale</source>
        <translation>Về bán hàng</translation>
    </message>
    <message>
        <source>Shift and cash</source>
        <translation>Ca làm việc và tiền mặt</translation>
    </message>
    <message>
        <source>Receipts and drawer</source>
        <translation>Hoá đơn và két tiền</translation>
    </message>
    <message>
        <source>Scan or type a receipt number to reprint it</source>
        <translation>Quét hoặc gõ số hoá đơn để in lại</translation>
    </message>
    <message>
        <source>No shift is open on this till.</source>
        <translation>Chưa mở ca trên quầy này.</translation>
    </message>
    <message>
        <source>Opened {time} by {name} · float {amount}</source>
        <translation>Mở lúc {time} bởi {name} · tiền đầu ca {amount}</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Kho hàng</translation>
    </message>
    <message>
        <source>No receipt has been made on this till yet</source>
        <translation>Quầy này chưa có hoá đơn nào</translation>
    </message>
    <message>
        <source>Copy of the last receipt sent to the printer</source>
        <translation>Đã gửi bản sao hoá đơn vừa rồi tới máy in</translation>
    </message>
    <message>
        <source>Scan the receipt&apos;s barcode or type its number first</source>
        <translation>Hãy quét mã vạch hoặc gõ số hoá đơn trước</translation>
    </message>
    <message>
        <source>Copy of receipt {ref} sent to the printer</source>
        <translation>Đã gửi bản sao hoá đơn {ref} tới máy in</translation>
    </message>
    <message>
        <source>Open the drawer</source>
        <translation>Mở két</translation>
    </message>
    <message>
        <source>Why does the drawer need opening without a sale?</source>
        <translation>Vì sao cần mở két khi không bán hàng?</translation>
    </message>
    <message>
        <source>e.g. change for another till</source>
        <translation>ví dụ: đổi tiền lẻ cho quầy khác</translation>
    </message>
    <message>
        <source>Drawer opened (logged)</source>
        <translation>Đã mở két (có ghi nhật ký)</translation>
    </message>
    <message>
        <source>VAT refund form {no} issued and sent to the printer</source>
        <translation>Đã lập tờ khai hoàn thuế {no} và gửi máy in</translation>
    </message>
    <message>
        <source>Cash put into the drawer (e.g. more change from the safe), and why.</source>
        <translation>Tiền nộp vào két (ví dụ thêm tiền lẻ từ két sắt) và lý do.</translation>
    </message>
    <message>
        <source>Cash taken out of the drawer (e.g. paying a delivery), and why.</source>
        <translation>Tiền rút khỏi két (ví dụ trả tiền giao hàng) và lý do.</translation>
    </message>
    <message>
        <source>{what} of {amount} recorded</source>
        <translation>Đã ghi {what} {amount}</translation>
    </message>
    <message>
        <source>X report — the shift so far</source>
        <translation>Báo cáo X — ca đến lúc này</translation>
    </message>
    <message>
        <source>Opening the drawer without a sale needs approval.</source>
        <translation>Mở két khi không bán hàng cần được duyệt.</translation>
    </message>
    <message>
        <source>{what} of {amount} needs approval.</source>
        <translation>{what} {amount} cần được duyệt.</translation>
    </message>
    <message>
        <source>The X report needs approval.</source>
        <translation>Báo cáo X cần được duyệt.</translation>
    </message>
    <message>
        <source>X report sent to the printer</source>
        <translation>Đã gửi báo cáo X tới máy in</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Huỷ đơn</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Gọi lại</translation>
    </message>
    <message>
        <source>Sales put aside while a customer fetches something. Recalling one while a sale is open parks the open one.</source>
        <translation>Các đơn tạm giữ khi khách đi lấy thêm hàng. Gọi lại một đơn khi đang có đơn mở thì đơn đang mở sẽ được giữ thay.</translation>
    </message>
    <message>
        <source>No parked sales</source>
        <translation>Không có đơn chờ</translation>
    </message>
    <message>
        <source>Recalled #{n} ({total})</source>
        <translation>Đã gọi lại đơn #{n} ({total})</translation>
    </message>
    <message>
        <source>the open sale was parked as #{n}</source>
        <translation>đơn đang mở được giữ thành #{n}</translation>
    </message>
    <message>
        <source>Discard parked sale</source>
        <translation>Huỷ đơn chờ</translation>
    </message>
    <message>
        <source>Discard parked sale #{n} ({total})? Its goods go back to the shelf.</source>
        <translation>Huỷ đơn chờ #{n} ({total})? Hàng trong đơn được trả lại kệ.</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Tiền mặt</translation>
    </message>
    <message>
        <source>VietQR transfer</source>
        <translation>Chuyển khoản QR</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <source>Foreign cash</source>
        <translation>Ngoại tệ</translation>
    </message>
    <message>
        <source>Remove last payment</source>
        <translation>Bỏ khoản thanh toán cuối</translation>
    </message>
    <message>
        <source>Invoice for a buyer</source>
        <translation>Hoá đơn cho người mua</translation>
    </message>
    <message>
        <source>Complete sale</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Exact amount</source>
        <translation>Đúng số tiền</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <source>Add cash for split</source>
        <translation>Thêm tiền mặt (chia)</translation>
    </message>
    <message>
        <source>Money received</source>
        <translation>Đã nhận tiền</translation>
    </message>
    <message>
        <source>Add card payment</source>
        <translation>Thêm thanh toán thẻ</translation>
    </message>
    <message>
        <source>Add foreign cash</source>
        <translation>Thêm ngoại tệ</translation>
    </message>
    <message>
        <source>Set rate (manager)</source>
        <translation>Đặt tỷ giá (quản lý)</translation>
    </message>
    <message>
        <source>Cash received from the customer</source>
        <translation>Tiền mặt khách đưa</translation>
    </message>
    <message>
        <source>Amount to transfer</source>
        <translation>Số tiền chuyển khoản</translation>
    </message>
    <message>
        <source>Card on the bank&apos;s terminal</source>
        <translation>Thẻ qua máy POS của ngân hàng</translation>
    </message>
    <message>
        <source>Charge the amount on the card terminal, then type its approval code here.</source>
        <translation>Quẹt thẻ số tiền này trên máy POS, rồi nhập mã chuẩn chi vào đây.</translation>
    </message>
    <message>
        <source>For a tourist&apos;s VAT refund form, from the slip (optional): card brand, last 4 digits</source>
        <translation>Cho tờ khai hoàn thuế GTGT của du khách, chép từ hoá đơn máy thẻ (không bắt buộc): loại thẻ, 4 số cuối</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <source>Last 4 digits</source>
        <translation>4 số cuối</translation>
    </message>
    <message>
        <source>Approval code</source>
        <translation>Mã chuẩn chi</translation>
    </message>
    <message>
        <source>Foreign cash — change is given in đồng</source>
        <translation>Ngoại tệ — tiền thừa trả bằng đồng</translation>
    </message>
    <message>
        <source>Amount in the foreign currency</source>
        <translation>Số tiền ngoại tệ</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>Phải thu</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <source>Still due</source>
        <translation>Còn thiếu</translation>
    </message>
    <message>
        <source>Change to give</source>
        <translation>Tiền thừa trả khách</translation>
    </message>
    <message>
        <source>Payments taken</source>
        <translation>Các khoản đã nhận</translation>
    </message>
    <message>
        <source>Receipt {label}</source>
        <translation>Hoá đơn {label}</translation>
    </message>
    <message>
        <source>Money received: {amount}, bank time {time}</source>
        <translation>Đã nhận tiền: {amount}, giờ ngân hàng {time}</translation>
    </message>
    <message>
        <source>{amount} · bank time {time}</source>
        <translation>{amount} · giờ ngân hàng {time}</translation>
    </message>
    <message>
        <source>Waiting for the bank’s notification… (F9 if the money already shows)</source>
        <translation>Đang chờ thông báo của ngân hàng… (F9 nếu tiền đã về)</translation>
    </message>
    <message>
        <source>The bank received {got} for this reference, not {want}. Check before confirming by hand.</source>
        <translation>Ngân hàng nhận {got} với nội dung này, không phải {want}. Kiểm tra trước khi xác nhận bằng tay.</translation>
    </message>
    <message>
        <source>Head office cannot be reached: confirm by hand (F9) when the money shows.</source>
        <translation>Không kết nối được văn phòng: xác nhận bằng tay (F9) khi tiền đã về.</translation>
    </message>
    <message>
        <source>No bank notifications: confirm by hand (F9) when the money shows.</source>
        <translation>Chưa có thông báo ngân hàng: xác nhận bằng tay (F9) khi tiền đã về.</translation>
    </message>
    <message>
        <source>Type the amount and show the QR to the customer.</source>
        <translation>Nhập số tiền và đưa mã QR cho khách quét.</translation>
    </message>
    <message>
        <source>Invoice to traveller: {name}
passport {number} · {nationality} · valid to {expires}</source>
        <translation>Hoá đơn cho khách du lịch: {name}
hộ chiếu {number} · {nationality} · hạn đến {expires}</translation>
    </message>
    <message>
        <source>Citizen ID (CCCD)</source>
        <translation>Số CCCD</translation>
    </message>
    <message>
        <source>Email for the invoice</source>
        <translation>Email nhận hoá đơn</translation>
    </message>
    <message>
        <source>Buyer on the e-invoice</source>
        <translation>Người mua trên hoá đơn điện tử</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Doanh nghiệp</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Cá nhân</translation>
    </message>
    <message>
        <source>Use these details</source>
        <translation>Dùng thông tin này</translation>
    </message>
    <message>
        <source>Co-operative</source>
        <translation>Hợp tác xã</translation>
    </message>
    <message>
        <source>Household business</source>
        <translation>Hộ kinh doanh</translation>
    </message>
    <message>
        <source>Producer code</source>
        <translation>Mã nhà sản xuất</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>Not yet accepted</source>
        <translation>Chưa được CQT nhận</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Chờ gửi</translation>
    </message>
    <message>
        <source>Sent, awaiting the tax authority</source>
        <translation>Đã gửi, chờ cơ quan thuế</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>CQT đã nhận</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Corrected by an adjusting invoice</source>
        <translation>Đã điều chỉnh bằng hoá đơn điều chỉnh</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>chờ gửi</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>đã gửi</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>CQT đã nhận</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>bị từ chối</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>đã điều chỉnh</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>hoá đơn</translation>
    </message>
    <message>
        <source>adjusting</source>
        <translation>điều chỉnh</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Số phiếu</translation>
    </message>
    <message>
        <source>Tax-authority code</source>
        <translation>Mã của CQT</translation>
    </message>
    <message>
        <source>Made at</source>
        <translation>Thời điểm lập</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại hình</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>Người mua</translation>
    </message>
    <message>
        <source>Sent by</source>
        <translation>Nơi gửi</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Reason / last problem</source>
        <translation>Lý do / lỗi gần nhất</translation>
    </message>
    <message>
        <source>(corrected)</source>
        <translation>(đã sửa)</translation>
    </message>
    <message>
        <source>head office</source>
        <translation>văn phòng</translation>
    </message>
    <message>
        <source>this till</source>
        <translation>quầy này</translation>
    </message>
    <message>
        <source>late</source>
        <translation>quá hạn</translation>
    </message>
    <message>
        <source>E-invoices</source>
        <translation>Hoá đơn điện tử</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n chờ gửi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n bị từ chối</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n accepted</source>
        <translation>
            <numerusform>%n CQT đã nhận</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected: {reason}. If the cause was the provider account, put it right and offer it again; if the buyer&apos;s details were wrong, correct them.</source>
        <translation>Bị từ chối: {reason}. Nếu do tài khoản nhà cung cấp, hãy sửa rồi gửi lại; nếu thông tin người mua sai, hãy sửa thông tin người mua.</translation>
    </message>
    <message>
        <source>{code} is offered again.</source>
        <translation>Đã gửi lại {code}.</translation>
    </message>
    <message>
        <source>{code}: the buyer is corrected and the invoice offered again.</source>
        <translation>{code}: đã sửa người mua và gửi lại hoá đơn.</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>Đã lưu {name}</translation>
    </message>
    <message>
        <source>Every month</source>
        <translation>Mọi tháng</translation>
    </message>
    <message>
        <source>Offer again</source>
        <translation>Gửi lại</translation>
    </message>
    <message>
        <source>The cause was outside the invoice (the provider account) and is put right</source>
        <translation>Nguyên nhân nằm ngoài hoá đơn (tài khoản nhà cung cấp) và đã được khắc phục</translation>
    </message>
    <message>
        <source>Correct the buyer…</source>
        <translation>Sửa người mua…</translation>
    </message>
    <message>
        <source>The buyer&apos;s tax code, name or address was wrong</source>
        <translation>Mã số thuế, tên hoặc địa chỉ người mua bị sai</translation>
    </message>
    <message>
        <source>Tax report</source>
        <translation>Báo cáo thuế</translation>
    </message>
    <message>
        <source>VAT by rate and the invoice list: .xlsx (both) or .csv (the list)</source>
        <translation>Thuế GTGT theo thuế suất và bảng kê hoá đơn: .xlsx (cả hai) hoặc .csv (bảng kê)</translation>
    </message>
    <message>
        <source>Commune / ward</source>
        <translation>Xã / phường</translation>
    </message>
    <message>
        <source>District / town</source>
        <translation>Huyện / thị xã</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>Tỉnh</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Người liên hệ</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Tax code</source>
        <translation>Mã số thuế</translation>
    </message>
    <message>
        <source>Bank</source>
        <translation>Ngân hàng</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>Số tài khoản</translation>
    </message>
    <message>
        <source>Account holder</source>
        <translation>Chủ tài khoản</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Huyện / thị xã</translation>
    </message>
    <message>
        <source>Added {code}</source>
        <translation>Đã thêm {code}</translation>
    </message>
    <message>
        <source>Saved {code}</source>
        <translation>Đã lưu {code}</translation>
    </message>
    <message>
        <source>Search by code, name, place, contact, phone</source>
        <translation>Tìm theo mã, tên, địa bàn, người liên hệ, điện thoại</translation>
    </message>
    <message>
        <source>New producer</source>
        <translation>Nhà sản xuất mới</translation>
    </message>
    <message>
        <source>Edit {code}</source>
        <translation>Sửa {code}</translation>
    </message>
    <message>
        <source>This till gets producers from head office: when head office sends a producer again, its name, place, phone and account are used; the contact, email, tax code, account holder and note edited here stay.</source>
        <translation>Máy này nhận danh sách nhà sản xuất từ văn phòng: khi văn phòng gửi lại một nhà sản xuất, tên, địa chỉ, điện thoại và tài khoản của văn phòng được dùng; người liên hệ, email, MST, chủ tài khoản và ghi chú sửa ở đây vẫn giữ.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Type or tap what the customer hands over (k or 000 adds three zeros); the change shows on the left. Enter with the field empty: the customer paid the exact amount.</source>
        <translation>Gõ hoặc chạm số tiền khách đưa (k hoặc 000 thêm ba số 0); tiền thừa hiện bên trái. Enter khi ô còn trống: khách trả đúng số tiền.</translation>
    </message>
    <message>
        <source>{amount} = exact amount</source>
        <translation>{amount} = đúng số tiền</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>Sum to pay</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <source>Ask the customer to scan with their banking app. Confirm only when the money shows in the shop&apos;s account.</source>
        <translation>Mời khách quét bằng ứng dụng ngân hàng. Chỉ xác nhận khi tiền đã vào tài khoản cửa hàng.</translation>
    </message>
    <message>
        <source>The transfer is more than what is still due</source>
        <translation>Số chuyển khoản lớn hơn số còn phải thu</translation>
    </message>
    <message>
        <source>Traveller (passport)</source>
        <translation>Khách du lịch (hộ chiếu)</translation>
    </message>
    <message>
        <source>Transfer recorded</source>
        <translation>Đã ghi nhận chuyển khoản</translation>
    </message>
    <message>
        <source>No exchange rates are set. A manager sets them with the button below.</source>
        <translation>Chưa có tỷ giá. Quản lý đặt tỷ giá bằng nút bên dưới.</translation>
    </message>
    <message>
        <source>Rate: 1 {cur} = {rate} ₫</source>
        <translation>Tỷ giá: 1 {cur} = {rate} ₫</translation>
    </message>
    <message>
        <source>Setting an exchange rate needs a manager.</source>
        <translation>Đặt tỷ giá cần quản lý duyệt.</translation>
    </message>
    <message>
        <source>Exchange rate</source>
        <translation>Tỷ giá</translation>
    </message>
    <message>
        <source>Currency and đồng per unit, e.g. USD 25.400 or KRW 18,35 (0 removes the currency)</source>
        <translation>Mã tiền tệ và số đồng cho một đơn vị, ví dụ USD 25.400 hoặc KRW 18,35 (0 để bỏ loại tiền)</translation>
    </message>
    <message>
        <source>Press “Money received” once the transfer has arrived</source>
        <translation>Bấm “Đã nhận tiền” khi tiền chuyển khoản đã về</translation>
    </message>
    <message>
        <source>This sale has a discount above your limit. A manager approves it with their PIN.</source>
        <translation>Đơn này có chiết khấu vượt hạn mức của bạn. Quản lý duyệt bằng mã PIN.</translation>
    </message>
    <message>
        <source>Not approved: change the discount or ask a manager</source>
        <translation>Chưa được duyệt: sửa chiết khấu hoặc nhờ quản lý</translation>
    </message>
    <message>
        <source>Invoice to: {name} ({ident})</source>
        <translation>Xuất hoá đơn cho: {name} ({ident})</translation>
    </message>
    <message>
        <source>Go back to the sale (Esc) to add more products</source>
        <translation>Quay lại bán hàng (Esc) để thêm sản phẩm</translation>
    </message>
    <message>
        <source>Find receipt</source>
        <translation>Tìm hoá đơn</translation>
    </message>
    <message>
        <source>Return without the original</source>
        <translation>Trả hàng không kèm hoá đơn gốc</translation>
    </message>
    <message>
        <source>One less</source>
        <translation>Bớt một</translation>
    </message>
    <message>
        <source>One more</source>
        <translation>Thêm một</translation>
    </message>
    <message>
        <source>Whole line</source>
        <translation>Cả dòng</translation>
    </message>
    <message>
        <source>Void the whole sale</source>
        <translation>Huỷ cả hoá đơn</translation>
    </message>
    <message>
        <source>Return goods</source>
        <translation>Khách trả hàng</translation>
    </message>
    <message>
        <source>Scan the barcode on the receipt, or type its number (e.g. T01-000123 or 123)</source>
        <translation>Quét mã vạch trên hoá đơn, hoặc nhập số hoá đơn (ví dụ T01-000123 hoặc 123)</translation>
    </message>
    <message>
        <source>Reason for the return (required)</source>
        <translation>Lý do trả hàng (bắt buộc)</translation>
    </message>
    <message>
        <source>Everything on this receipt has already been returned</source>
        <translation>Toàn bộ hàng trên hoá đơn này đã được trả</translation>
    </message>
    <message>
        <source>No receipt loaded</source>
        <translation>Chưa chọn hoá đơn</translation>
    </message>
    <message>
        <source>Receipt {label} · {time} · total {total} · paid by {methods}</source>
        <translation>Hoá đơn {label} · {time} · tổng {total} · trả bằng {methods}</translation>
    </message>
    <message>
        <source>That product is not on this receipt (or was already returned)</source>
        <translation>Sản phẩm này không có trên hoá đơn (hoặc đã trả hết)</translation>
    </message>
    <message>
        <source>Pick the lines and quantities that come back</source>
        <translation>Chọn dòng hàng và số lượng khách trả lại</translation>
    </message>
    <message>
        <source>Refund {amount} — {methods}</source>
        <translation>Hoàn {amount} — {methods}</translation>
    </message>
    <message>
        <source>Type the reason first (e.g. broken lid, wrong size)</source>
        <translation>Hãy nhập lý do trước (ví dụ: vỡ nắp, nhầm cỡ)</translation>
    </message>
    <message>
        <source>{what} cancelled: nothing was changed, nothing refunded.</source>
        <translation>Đã huỷ {what}: không có gì thay đổi, chưa hoàn tiền.</translation>
    </message>
    <message>
        <source>Refund {amount}: it needs approval.</source>
        <translation>Hoàn tiền {amount}: cần được duyệt.</translation>
    </message>
    <message>
        <source>Voiding a paid sale needs approval.</source>
        <translation>Huỷ hoá đơn đã thanh toán cần được duyệt.</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>huỷ hoá đơn</translation>
    </message>
    <message>
        <source>Receipt {label} cannot be checked with head office now — F7: return without the original</source>
        <translation>Chưa kiểm tra được hoá đơn {label} với văn phòng — F7: trả hàng không kèm hoá đơn gốc</translation>
    </message>
    <message>
        <source>Return without the original receipt {claimed}: refund {amount} in cash. It needs approval.</source>
        <translation>Trả hàng không kèm hoá đơn gốc {claimed}: hoàn {amount} tiền mặt. Cần duyệt.</translation>
    </message>
    <message numerus="yes">
        <source>Return {label} recorded without the original receipt {claimed}: %n item(s), give back {amount} in cash. It waits for the original at head office and is reconciled at a later sync.</source>
        <translation>
            <numerusform>Đã ghi phiếu trả {label} không kèm hoá đơn gốc {claimed}: %n món, trả khách {amount} tiền mặt. Phiếu chờ hoá đơn gốc ở văn phòng và được đối chiếu ở lần đồng bộ sau.</numerusform>
        </translation>
    </message>
    <message>
        <source>VAT refund form {no} is now void: take the paper form back</source>
        <translation>Tờ khai hoàn thuế {no} đã bị huỷ: thu lại tờ khai giấy của khách</translation>
    </message>
    <message>
        <source>Find the receipt first</source>
        <translation>Hãy tìm hoá đơn trước</translation>
    </message>
    <message>
        <source>Returns without the original</source>
        <translation>Trả hàng không kèm HĐ gốc</translation>
    </message>
    <message>
        <source>Void receipt {label}? The whole sale is reversed and {amount} goes back to the customer.</source>
        <translation>Huỷ hoá đơn {label}? Toàn bộ hoá đơn bị đảo ngược và trả lại khách {amount}.</translation>
    </message>
    <message>
        <source>Scan, or type a name or code (F2) · 3* = three</source>
        <translation>Quét mã, hoặc gõ tên/mã hàng (F2) · 3* = ba cái</translation>
    </message>
    <message>
        <source>Scan a product to start the sale
or tap a quick key on the right, or type a name above.</source>
        <translation>Quét một sản phẩm để bắt đầu bán
hoặc chạm phím nhanh bên phải, hoặc gõ tên ở trên.</translation>
    </message>
    <message>
        <source>No product matches. Check the spelling, or type a barcode and press Enter.</source>
        <translation>Không có sản phẩm phù hợp. Kiểm tra chính tả, hoặc gõ mã vạch rồi nhấn Enter.</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Kết quả tìm kiếm</translation>
    </message>
    <message>
        <source>Quick keys</source>
        <translation>Phím nhanh</translation>
    </message>
    <message>
        <source>VAT included</source>
        <translation>Đã gồm thuế GTGT</translation>
    </message>
    <message>
        <source>CHANGE</source>
        <translation>TIỀN THỪA</translation>
    </message>
    <message>
        <source>Last sale</source>
        <translation>Đơn vừa bán</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>TỔNG CỘNG</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Khối lượng</translation>
    </message>
    <message>
        <source>{name}: weight in {unit}</source>
        <translation>{name}: khối lượng ({unit})</translation>
    </message>
    <message>
        <source>Added: {name} × {qty}</source>
        <translation>Đã thêm: {name} × {qty}</translation>
    </message>
    <message>
        <source>Pick a line first (Up/Down arrows or tap it)</source>
        <translation>Hãy chọn một dòng trước (phím mũi tên Lên/Xuống hoặc chạm vào dòng)</translation>
    </message>
    <message>
        <source>The VAT refund form is made right after the sale is paid (Shift+F12), or from the menu (F1, F9)</source>
        <translation>Tờ khai hoàn thuế lập ngay sau khi thanh toán (Shift+F12), hoặc từ menu (F1, F9)</translation>
    </message>
    <message>
        <source>Barcode (scan or type, Enter)</source>
        <translation>Mã vạch (quét hoặc gõ, Enter)</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Số lượng</translation>
    </message>
    <message>
        <source>Unit cost (empty = current)</source>
        <translation>Giá nhập (trống = giá vốn)</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lô</translation>
    </message>
    <message>
        <source>Expiry dd/mm/yyyy</source>
        <translation>Hạn dùng dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Invalid quantity</source>
        <translation>Số lượng không hợp lệ</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>Giá nhập</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Hạn dùng</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Thành tiền</translation>
    </message>
    <message numerus="yes">
        <source>Received %n lines, total cost {cost}</source>
        <translation>
            <numerusform>Đã nhập kho %n dòng, tổng giá nhập {cost}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lines · total cost {cost}</source>
        <translation>
            <numerusform>%n dòng · tổng giá nhập {cost}</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan the goods to start a delivery</source>
        <translation>Quét hàng để bắt đầu phiếu nhập</translation>
    </message>
    <message>
        <source>Receiving goods</source>
        <translation>Nhập hàng</translation>
    </message>
    <message>
        <source>— Producer (optional) —</source>
        <translation>— Nhà sản xuất (không bắt buộc) —</translation>
    </message>
    <message>
        <source>Delivery note number</source>
        <translation>Số phiếu giao hàng</translation>
    </message>
    <message>
        <source>Post the delivery</source>
        <translation>Nhập kho</translation>
    </message>
    <message>
        <source>{name}: new quantity</source>
        <translation>{name}: số lượng mới</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Giảm giá</translation>
    </message>
    <message>
        <source>{name} — line amount {amount}</source>
        <translation>{name} — thành tiền {amount}</translation>
    </message>
    <message>
        <source>Sale discount</source>
        <translation>Giảm cả đơn</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Khách:</translation>
    </message>
    <message>
        <source>Whole sale — {amount}</source>
        <translation>Cả đơn — {amount}</translation>
    </message>
    <message>
        <source>This discount is above your limit. A manager approves it with their PIN.</source>
        <translation>Mức giảm giá vượt hạn mức của bạn. Quản lý duyệt bằng mã PIN.</translation>
    </message>
    <message>
        <source>Removed: {name}</source>
        <translation>Đã bỏ: {name}</translation>
    </message>
    <message>
        <source>Clear sale</source>
        <translation>Xoá đơn</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Sửa giá</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Bỏ dòng</translation>
    </message>
    <message>
        <source>Park sale</source>
        <translation>Giữ đơn</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Thanh toán</translation>
    </message>
    <message numerus="yes">
        <source>%n lines</source>
        <translation>
            <numerusform>%n dòng</numerusform>
        </translation>
    </message>
    <message>
        <source>Price override</source>
        <translation>Sửa giá bán</translation>
    </message>
    <message>
        <source>{name}: new unit price (catalogue price {price})</source>
        <translation>{name}: đơn giá mới (giá niêm yết {price})</translation>
    </message>
    <message>
        <source>Changing a price needs a manager. A manager approves it with their PIN.</source>
        <translation>Sửa giá bán cần quản lý. Quản lý duyệt bằng mã PIN của mình.</translation>
    </message>
    <message>
        <source>{name} now sells at {price}</source>
        <translation>{name} giờ bán giá {price}</translation>
    </message>
    <message>
        <source>Remove every line of this sale? Nothing is saved.</source>
        <translation>Xoá toàn bộ đơn hàng này? Không có gì được lưu.</translation>
    </message>
    <message>
        <source>Sale cleared</source>
        <translation>Đã xoá đơn</translation>
    </message>
    <message>
        <source>Parked as #{n} ({total}). Recall it with F8.</source>
        <translation>Đã giữ đơn #{n} ({total}). Gọi lại bằng F8.</translation>
    </message>
    <message>
        <source>The cart is empty</source>
        <translation>Giỏ hàng trống</translation>
    </message>
    <message>
        <source>Refund {label} saved: give back {amount}</source>
        <translation>Đã lưu phiếu trả {label}: hoàn lại khách {amount}</translation>
    </message>
    <message>
        <source>Sale {label} saved. Change to give: {change}</source>
        <translation>Đã lưu hoá đơn {label}. Tiền thừa trả khách: {change}</translation>
    </message>
    <message>
        <source>Sale {label} saved. No change due.</source>
        <translation>Đã lưu hoá đơn {label}. Không có tiền thừa.</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>bị khoá</translation>
    </message>
    <message>
        <source>Who is signing in?</source>
        <translation>Ai đăng nhập?</translation>
    </message>
    <message>
        <source>Tap your name, then type your PIN. Or just type your PIN.</source>
        <translation>Chạm vào tên bạn rồi nhập mã PIN. Hoặc chỉ cần nhập mã PIN.</translation>
    </message>
    <message>
        <source>Nobody can sign in yet. Create the first administrator: ocop-pos staff first-admin CODE NAME</source>
        <translation>Chưa ai đăng nhập được. Hãy tạo quản trị viên đầu tiên: ocop-pos staff first-admin MÃ TÊN</translation>
    </message>
    <message>
        <source>Enter your staff PIN</source>
        <translation>Nhập mã PIN nhân viên</translation>
    </message>
    <message>
        <source>PIN for {name}</source>
        <translation>Mã PIN của {name}</translation>
    </message>
    <message>
        <source>Sign in first, then scan</source>
        <translation>Hãy đăng nhập trước khi quét</translation>
    </message>
    <message>
        <source>Hide camera</source>
        <translation>Ẩn camera</translation>
    </message>
    <message>
        <source>Camera scanner: hold the barcode up to the camera</source>
        <translation>Quét bằng camera: đưa mã vạch trước camera</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Số hoá đơn bán</translation>
    </message>
    <message>
        <source>Sales total</source>
        <translation>Doanh thu bán</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>Theo ngày</translation>
    </message>
    <message>
        <source>By hour</source>
        <translation>Theo giờ</translation>
    </message>
    <message>
        <source>By product</source>
        <translation>Theo sản phẩm</translation>
    </message>
    <message>
        <source>Top products</source>
        <translation>Bán chạy nhất</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>Theo nhóm hàng</translation>
    </message>
    <message>
        <source>By producer</source>
        <translation>Theo nhà sản xuất</translation>
    </message>
    <message>
        <source>By OCOP stars</source>
        <translation>Theo hạng sao OCOP</translation>
    </message>
    <message>
        <source>By locality</source>
        <translation>Theo địa phương</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>Theo thu ngân</translation>
    </message>
    <message>
        <source>By payment method</source>
        <translation>Theo thanh toán</translation>
    </message>
    <message>
        <source>VAT summary</source>
        <translation>Thuế GTGT</translation>
    </message>
    <message>
        <source>Returns and voids</source>
        <translation>Trả hàng và huỷ</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>Chiết khấu</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 ngày qua</translation>
    </message>
    <message>
        <source>Last 14 days</source>
        <translation>14 ngày qua</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Tháng này</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 ngày qua</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>Đã lưu {file}</translation>
    </message>
    <message>
        <source>Sales reports</source>
        <translation>Báo cáo bán hàng</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất ra tệp…</translation>
    </message>
    <message>
        <source>Save this table as .xlsx or .csv</source>
        <translation>Lưu bảng này thành tệp .xlsx hoặc .csv</translation>
    </message>
    <message>
        <source>Returns ({n})</source>
        <translation>Trả hàng ({n})</translation>
    </message>
    <message>
        <source>Voids after payment ({n})</source>
        <translation>Huỷ sau thanh toán ({n})</translation>
    </message>
    <message>
        <source>Lines removed before payment ({n})</source>
        <translation>Bỏ dòng trước thanh toán ({n})</translation>
    </message>
    <message>
        <source>Drawer opened without a sale</source>
        <translation>Mở két không bán hàng</translation>
    </message>
    <message>
        <source>Net total</source>
        <translation>Doanh thu thuần</translation>
    </message>
    <message>
        <source>VAT {rate}%</source>
        <translation>Thuế GTGT {rate}%</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>Tiền đầu ca</translation>
    </message>
    <message>
        <source>Paid in</source>
        <translation>Nộp tiền vào két</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>Rút tiền khỏi két</translation>
    </message>
    <message>
        <source>Cash expected in the drawer</source>
        <translation>Tiền mặt phải có trong két</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <source>Print the Z report again</source>
        <translation>In lại báo cáo Z</translation>
    </message>
    <message>
        <source>Finish and sign out</source>
        <translation>Xong, đăng xuất</translation>
    </message>
    <message>
        <source>Closing the shift with sales not yet sent needs approval.</source>
        <translation>Đóng ca khi còn giao dịch chưa gửi cần được duyệt.</translation>
    </message>
    <message>
        <source>Z report No. {n} sent to the printer</source>
        <translation>Đã gửi báo cáo Z số {n} tới máy in</translation>
    </message>
    <message>
        <source>Count the drawer first; scanning is not used here</source>
        <translation>Hãy đếm tiền trong két; màn hình này không dùng máy quét</translation>
    </message>
    <message>
        <source>Back to the till</source>
        <translation>Về màn hình bán hàng</translation>
    </message>
    <message>
        <source>This needs the approval of someone with the right.</source>
        <translation>Việc này cần người có quyền duyệt.</translation>
    </message>
    <message>
        <source>Scanning works in stock, stock count, receiving and products</source>
        <translation>Quét mã dùng được trong Tồn kho, Kiểm kê, Nhập hàng và Sản phẩm</translation>
    </message>
    <message>
        <source>Counted? F12 opens the shift.</source>
        <translation>Đếm xong? F12 để mở ca.</translation>
    </message>
    <message>
        <source>No shift is open on till {code}. Count the cash in the drawer (the float) note by note, then open the shift to start selling.</source>
        <translation>Quầy {code} chưa mở ca. Đếm tiền trong két (tiền đầu ca) theo từng mệnh giá rồi mở ca để bắt đầu bán.</translation>
    </message>
    <message>
        <source>Float in the drawer</source>
        <translation>Tiền đầu ca trong két</translation>
    </message>
    <message>
        <source>FLOAT</source>
        <translation>TIỀN ĐẦU CA</translation>
    </message>
    <message>
        <source>Shift opened with a float of {amount}</source>
        <translation>Đã mở ca với tiền đầu ca {amount}</translation>
    </message>
    <message>
        <source>Open the shift first, then scan</source>
        <translation>Hãy mở ca trước rồi quét</translation>
    </message>
    <message>
        <source>No receipt printer set up</source>
        <translation>Chưa cài máy in hoá đơn</translation>
    </message>
    <message>
        <source>Printer settings invalid: {problem}</source>
        <translation>Cài đặt máy in sai: {problem}</translation>
    </message>
    <message numerus="yes">
        <source>%n receipts waiting</source>
        <translation>
            <numerusform>%n hoá đơn chờ in</numerusform>
        </translation>
    </message>
    <message>
        <source>Printer not printing: {problem}</source>
        <translation>Máy in không in được: {problem}</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>mất kết nối</translation>
    </message>
    <message>
        <source>Printer: {problem}</source>
        <translation>Máy in: {problem}</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
    <message>
        <source>Printer ready</source>
        <translation>Máy in sẵn sàng</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Camera: starting…</source>
        <translation>Camera: đang khởi động…</translation>
    </message>
    <message>
        <source>Head office: starting…</source>
        <translation>Văn phòng: đang khởi động…</translation>
    </message>
    <message>
        <source>Head office: this till is not registered</source>
        <translation>Văn phòng: quầy chưa đăng ký</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message numerus="yes">
        <source>%n to send</source>
        <translation>
            <numerusform>%n giao dịch chờ gửi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused by head office</source>
        <translation>
            <numerusform>%n bị văn phòng từ chối</numerusform>
        </translation>
    </message>
    <message>
        <source>last sync {time}</source>
        <translation>đồng bộ lần cuối {time}</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>chưa đồng bộ lần nào</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <source>Customer display: on</source>
        <translation>Màn hình khách: đang bật</translation>
    </message>
    <message>
        <source>Close it</source>
        <translation>Tắt</translation>
    </message>
    <message>
        <source>Customer display: waiting for a second screen</source>
        <translation>Màn hình khách: chờ màn hình thứ hai</translation>
    </message>
    <message>
        <source>Customer display: off</source>
        <translation>Màn hình khách: tắt</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>E-invoices at head office</source>
        <translation>Hoá đơn điện tử tại văn phòng</translation>
    </message>
    <message numerus="yes">
        <source>%n late</source>
        <translation>
            <numerusform>%n quá hạn</numerusform>
        </translation>
    </message>
    <message>
        <source>not sending</source>
        <translation>chưa gửi được</translation>
    </message>
    <message>
        <source>{head}: all sent</source>
        <translation>{head}: đã gửi hết</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Gửi ngay</translation>
    </message>
    <message>
        <source>The till stopped unexpectedly at {time}: the program crashed. The details are in the log file {path} — please send that file to support.</source>
        <translation>Máy bán hàng đã dừng đột ngột lúc {time}: chương trình bị lỗi. Chi tiết nằm trong tệp nhật ký {path} — hãy gửi tệp này cho bộ phận hỗ trợ.</translation>
    </message>
    <message>
        <source>The till stopped unexpectedly at about {time}: the computer restarted or lost power while the till was open. The log file is {path}.</source>
        <translation>Máy bán hàng đã dừng đột ngột vào khoảng {time}: máy tính bị khởi động lại hoặc mất điện khi máy bán hàng đang mở. Tệp nhật ký: {path}.</translation>
    </message>
    <message>
        <source>The till stopped unexpectedly at about {time}: it was ended by the system or lost power. The log file is {path}.</source>
        <translation>Máy bán hàng đã dừng đột ngột vào khoảng {time}: chương trình bị hệ thống đóng hoặc bị mất điện. Tệp nhật ký: {path}.</translation>
    </message>
    <message>
        <source>The sale in progress was kept: it is waiting on the sale screen.</source>
        <translation>Giao dịch đang bán dở vẫn được giữ: nó đang chờ trên màn hình bán hàng.</translation>
    </message>
    <message>
        <source>The sale in progress was restored after an unexpected stop (started by {name} at {time}).</source>
        <translation>Giao dịch đang bán dở đã được khôi phục sau khi máy dừng đột ngột (do {name} bắt đầu lúc {time}).</translation>
    </message>
    <message>
        <source>The sale in progress when the till was closed was restored (started by {name} at {time}).</source>
        <translation>Giao dịch đang bán dở lúc tắt máy đã được khôi phục (do {name} bắt đầu lúc {time}).</translation>
    </message>
    <message>
        <source>It was started on {date}: its lines keep that day&apos;s prices.</source>
        <translation>Giao dịch bắt đầu từ ngày {date}: các dòng giữ giá của ngày đó.</translation>
    </message>
    <message>
        <source>Its discounts need a manager&apos;s approval again at payment.</source>
        <translation>Các chiết khấu của giao dịch cần quản lý duyệt lại khi thanh toán.</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Đã hiểu</translation>
    </message>
    <message>
        <source>Approval needed</source>
        <translation>Cần duyệt</translation>
    </message>
    <message>
        <source>{what}: a manager&apos;s PIN, please</source>
        <translation>{what}: nhờ quản lý nhập mã PIN</translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation>Chưa được duyệt</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Bảng tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export to a file</source>
        <translation>Xuất ra tệp</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}</source>
        <translation>Không ghi được tệp {path}: {reason}</translation>
    </message>
    <message>
        <source>— none —</source>
        <translation>— chưa chọn —</translation>
    </message>
    <message>
        <source>Receipts are not printed on this till</source>
        <translation>Quầy này không in hoá đơn</translation>
    </message>
    <message>
        <source>Receipts wait and print once it is fixed</source>
        <translation>Hoá đơn chờ và sẽ in khi máy in được sửa</translation>
    </message>
    <message>
        <source>Change the paper roll soon</source>
        <translation>Sắp hết giấy: thay cuộn giấy mới</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Today&apos;s sales</source>
        <translation>Doanh số hôm nay</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Ca làm việc</translation>
    </message>
    <message>
        <source>Not yet sent to head office</source>
        <translation>Chưa gửi về văn phòng</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>Sắp hết hàng</translation>
    </message>
    <message>
        <source>Near expiry</source>
        <translation>Sắp hết hạn</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>Đóng ca</translation>
    </message>
    <message>
        <source>Show the list</source>
        <translation>Xem danh sách</translation>
    </message>
    <message>
        <source>Show the lots</source>
        <translation>Xem các lô</translation>
    </message>
    <message>
        <source>Printer settings</source>
        <translation>Cài đặt máy in</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Figures of {date}, read at {time}</source>
        <translation>Số liệu ngày {date}, cập nhật lúc {time}</translation>
    </message>
    <message numerus="yes">
        <source>%n sales</source>
        <translation>
            <numerusform>%n giao dịch bán</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n returns</source>
        <translation>
            <numerusform>%n lần trả hàng</numerusform>
        </translation>
    </message>
    <message>
        <source>net {amount}</source>
        <translation>thuần {amount}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Đang mở</translation>
    </message>
    <message>
        <source>Since {time}, opened by {name}</source>
        <translation>Từ {time}, do {name} mở</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Đã đóng</translation>
    </message>
    <message>
        <source>No shift open on {till}</source>
        <translation>Không có ca nào đang mở ở quầy {till}</translation>
    </message>
    <message>
        <source>Everything has reached head office</source>
        <translation>Tất cả đã gửi về văn phòng</translation>
    </message>
    <message>
        <source>They are sent when head office can be reached; nothing is lost</source>
        <translation>Sẽ tự gửi khi kết nối được văn phòng; không mất dữ liệu</translation>
    </message>
    <message numerus="yes">
        <source>%n refused by head office: see the sync status</source>
        <translation>
            <numerusform>%n bị văn phòng từ chối: xem trạng thái đồng bộ</numerusform>
        </translation>
    </message>
    <message>
        <source>products at or below their reorder level</source>
        <translation>sản phẩm chạm hoặc dưới mức tồn tối thiểu</translation>
    </message>
    <message numerus="yes">
        <source>lots on hand expire within %n days</source>
        <translation>
            <numerusform>lô hàng trong kho hết hạn trong %n ngày tới</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already expired</source>
        <translation>
            <numerusform>%n lô đã quá hạn</numerusform>
        </translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>Kiểm kê kho</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Nhập hàng</translation>
    </message>
    <message>
        <source>Write-offs</source>
        <translation>Huỷ hàng</translation>
    </message>
    <message>
        <source>Incoming transfers</source>
        <translation>Hàng chuyển đến</translation>
    </message>
    <message>
        <source>Products and prices</source>
        <translation>Hàng hoá và giá bán</translation>
    </message>
    <message>
        <source>Producers</source>
        <translation>Nhà sản xuất</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <source>Settlement</source>
        <translation>Quyết toán ký gửi</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Cửa hàng</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Máy in hoá đơn</translation>
    </message>
    <message>
        <source>No printer</source>
        <translation>Không có máy in</translation>
    </message>
    <message>
        <source>Network, LAN / Wi-Fi (port 9100)</source>
        <translation>Mạng LAN / Wi-Fi (cổng 9100)</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Serial (COM port)</source>
        <translation>Cổng COM (serial)</translation>
    </message>
    <message>
        <source>File or device (/dev/usb/lp0)</source>
        <translation>Tệp hoặc thiết bị (/dev/usb/lp0)</translation>
    </message>
    <message>
        <source>CUPS printer</source>
        <translation>Máy in CUPS</translation>
    </message>
    <message>
        <source>Image (raster) — any printer</source>
        <translation>Ảnh (raster) — mọi máy in</translation>
    </message>
    <message>
        <source>TCVN3 text (code pages 30/31)</source>
        <translation>Chữ TCVN3 (bảng mã 30/31)</translation>
    </message>
    <message>
        <source>Windows-1258 text (code page 52)</source>
        <translation>Chữ Windows-1258 (bảng mã 52)</translation>
    </message>
    <message>
        <source>Pin 2 (most drawers)</source>
        <translation>Chân 2 (hầu hết két)</translation>
    </message>
    <message>
        <source>Pin 5 (a second drawer)</source>
        <translation>Chân 5 (két thứ hai)</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>Địa chỉ IP</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Cổng</translation>
    </message>
    <message>
        <source>Vendor id</source>
        <translation>Mã hãng (vendor id)</translation>
    </message>
    <message>
        <source>Product id</source>
        <translation>Mã máy (product id)</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Tốc độ (baud)</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>Điều khiển luồng</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Đường dẫn</translation>
    </message>
    <message>
        <source>CUPS printer name</source>
        <translation>Tên máy in CUPS</translation>
    </message>
    <message>
        <source>Talking to the printer…</source>
        <translation>Đang thử máy in…</translation>
    </message>
    <message>
        <source>Test page sent (3 modes): pick the mode that prints every mark right.</source>
        <translation>Đã gửi trang in thử (3 chế độ): chọn chế độ in đúng mọi dấu.</translation>
    </message>
    <message>
        <source>Only a manager may change the printer settings</source>
        <translation>Chỉ quản lý mới được đổi cài đặt máy in</translation>
    </message>
    <message>
        <source>Could not write the settings: {reason}</source>
        <translation>Không ghi được cấu hình: {reason}</translation>
    </message>
    <message>
        <source>Saved: {printer} {where}</source>
        <translation>Đã lưu: {printer} {where}</translation>
    </message>
    <message>
        <source>Connection and paper</source>
        <translation>Kết nối và khổ giấy</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>The till sells without printing. Any receipt can be reprinted once a printer is set up.</source>
        <translation>Máy bán hàng không in hoá đơn. Có thể in lại bất kỳ hoá đơn nào sau khi lắp máy in.</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>Khổ giấy</translation>
    </message>
    <message>
        <source>Vietnamese printing</source>
        <translation>Cách in tiếng Việt</translation>
    </message>
    <message>
        <source>Print the test page, then pick the way every Vietnamese mark comes out right. Image (raster) works on every printer; TCVN3/1258 text is lighter if the printer has that code page.</source>
        <translation>In trang thử rồi chọn cách in mà mọi dấu tiếng Việt đều đúng. Ảnh (raster) đúng trên mọi máy in; chữ TCVN3/1258 nhẹ hơn nếu máy in có bảng mã đó.</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>Két đựng tiền</translation>
    </message>
    <message>
        <source>Traceability QR</source>
        <translation>Mã QR truy xuất</translation>
    </message>
    <message>
        <source>Print an OCOP product&apos;s trace QR at the end</source>
        <translation>In mã QR truy xuất của một sản phẩm OCOP cuối hoá đơn</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Thử kết nối</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>In trang thử</translation>
    </message>
    <message>
        <source>Save and use</source>
        <translation>Lưu và dùng</translation>
    </message>
    <message>
        <source>Sample receipt preview</source>
        <translation>Xem trước hoá đơn mẫu</translation>
    </message>
    <message>
        <source>{month:%B %Y}</source>
        <translation>Tháng {month:%m/%Y}</translation>
    </message>
    <message>
        <source>{month:%B %Y} (to date)</source>
        <translation>Tháng {month:%m/%Y} (đến hôm nay)</translation>
    </message>
    <message>
        <source>Sent to the printer</source>
        <translation>Đã gửi tới máy in</translation>
    </message>
    <message>
        <source>The month is not over: view only</source>
        <translation>Tháng chưa kết thúc: chỉ xem được</translation>
    </message>
    <message>
        <source>The store&apos;s statement is view only on a till</source>
        <translation>Bảng quyết toán của cả cửa hàng chỉ xem được trên máy bán hàng</translation>
    </message>
    <message>
        <source>Account: {account}</source>
        <translation>Tài khoản: {account}</translation>
    </message>
    <message>
        <source>Whole store {store}: tills {tills}</source>
        <translation>Cả cửa hàng {store}: các máy {tills}</translation>
    </message>
    <message>
        <source>head office as of {when}</source>
        <translation>văn phòng lập lúc {when}</translation>
    </message>
    <message>
        <source>{till}: last sale received {when}</source>
        <translation>{till}: hóa đơn cuối đã nhận {when}</translation>
    </message>
    <message>
        <source>{till}: no sales received yet</source>
        <translation>{till}: chưa nhận được hóa đơn nào</translation>
    </message>
    <message>
        <source>This till only ({tills}): not the store&apos;s statement</source>
        <translation>Chỉ máy này ({tills}): không phải bảng của cả cửa hàng</translation>
    </message>
    <message>
        <source>Asking head office for the store&apos;s statement…</source>
        <translation>Đang hỏi văn phòng bảng quyết toán của cả cửa hàng…</translation>
    </message>
    <message>
        <source>Head office could not give the store&apos;s statement: {reason}</source>
        <translation>Văn phòng không gửi được bảng của cả cửa hàng: {reason}</translation>
    </message>
    <message>
        <source>Draft — not issued yet</source>
        <translation>Bản nháp — chưa phát hành</translation>
    </message>
    <message>
        <source>Issued {when} · ref {ref}</source>
        <translation>Đã phát hành {when} · mã {ref}</translation>
    </message>
    <message>
        <source>Consignment settlement</source>
        <translation>Quyết toán hàng ký gửi</translation>
    </message>
    <message>
        <source>Settlement period</source>
        <translation>Kỳ quyết toán</translation>
    </message>
    <message>
        <source>Issue the statement</source>
        <translation>Phát hành bản quyết toán</translation>
    </message>
    <message>
        <source>Whole store (head office)</source>
        <translation>Cả cửa hàng (văn phòng)</translation>
    </message>
    <message>
        <source>Every till of the store, as head office has received their sales</source>
        <translation>Mọi máy của cửa hàng, theo các hóa đơn văn phòng đã nhận</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>Doanh thu thuần</translation>
    </message>
    <message>
        <source>Shop commission</source>
        <translation>Hoa hồng cửa hàng</translation>
    </message>
    <message>
        <source>Due to the producer</source>
        <translation>Phải trả nhà sản xuất</translation>
    </message>
    <message numerus="yes">
        <source>%n sales of this shift are not yet at the server. You may close anyway; this is recorded in the audit log under your name. Close the shift?</source>
        <translation>
            <numerusform>Còn %n giao dịch của ca chưa gửi về máy chủ. Đóng ca vẫn được; việc này được ghi vào nhật ký với tên bạn. Đóng ca?</numerusform>
        </translation>
    </message>
    <message>
        <source>Close with unsent sales</source>
        <translation>Đóng ca khi chưa gửi</translation>
    </message>
    <message>
        <source>Shift opened {time} by {name} · float {amount}</source>
        <translation>Ca mở lúc {time} bởi {name} · tiền đầu ca {amount}</translation>
    </message>
    <message>
        <source>No shift is open on this till</source>
        <translation>Chưa mở ca trên máy này</translation>
    </message>
    <message>
        <source>Shift closed — Z report No. {number} stored</source>
        <translation>Ca đã đóng — báo cáo Z số {number} đã lưu</translation>
    </message>
    <message>
        <source>Count the drawer by denomination</source>
        <translation>Đếm tiền trong két theo mệnh giá</translation>
    </message>
    <message>
        <source>COUNTED</source>
        <translation>TỔNG ĐẾM</translation>
    </message>
    <message>
        <source>Note (if over or short)</source>
        <translation>Ghi chú (nếu thừa/thiếu)</translation>
    </message>
    <message>
        <source>Confirm the count and close the shift</source>
        <translation>Xác nhận số đếm và đóng ca</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Báo cáo Z</translation>
    </message>
    <message>
        <source>Z report No. {number}</source>
        <translation>Báo cáo Z số {number}</translation>
    </message>
    <message>
        <source>The till&apos;s expected cash is shown only after you confirm your count (blind count).</source>
        <translation>Số tiền máy tính được chỉ hiện sau khi bạn xác nhận số đếm (đếm mù).</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>Tiền mặt phải có</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Đếm thực tế</translation>
    </message>
    <message>
        <source>Over / short</source>
        <translation>Thừa / thiếu</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Tên cửa hàng</translation>
    </message>
    <message>
        <source>Tax code (MST)</source>
        <translation>Mã số thuế (MST)</translation>
    </message>
    <message>
        <source>Receipt footer (Vietnamese)</source>
        <translation>Lời chào cuối hoá đơn (tiếng Việt)</translation>
    </message>
    <message>
        <source>Receipt footer (English)</source>
        <translation>Lời chào cuối hoá đơn (tiếng Anh)</translation>
    </message>
    <message>
        <source>Saved. Receipts from now on print these details.</source>
        <translation>Đã lưu. Hoá đơn in từ giờ dùng thông tin này.</translation>
    </message>
    <message>
        <source>No transfers yet</source>
        <translation>Chưa nhận chuyển khoản</translation>
    </message>
    <message>
        <source>Choose the bank, type the account number and holder, then Save to turn VietQR payment on.</source>
        <translation>Chọn ngân hàng, nhập số tài khoản và tên chủ tài khoản rồi Lưu để bật thanh toán VietQR.</translation>
    </message>
    <message>
        <source>The shop&apos;s VietQR</source>
        <translation>Mã VietQR của cửa hàng</translation>
    </message>
    <message>
        <source>Scan it with a banking app: the name shown must be {holder}.</source>
        <translation>Quét bằng ứng dụng ngân hàng: tên hiện ra phải là {holder}.</translation>
    </message>
    <message>
        <source>What the receipts print</source>
        <translation>Thông tin in trên hoá đơn</translation>
    </message>
    <message>
        <source>Transfer account (VietQR)</source>
        <translation>Tài khoản nhận chuyển khoản (VietQR)</translation>
    </message>
    <message>
        <source>The account holder is saved in capitals without diacritics, as the bank shows it.</source>
        <translation>Tên chủ tài khoản được lưu bằng chữ in hoa không dấu, đúng như ngân hàng hiển thị.</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>The receipt as it will print</source>
        <translation>Đầu hoá đơn khi in</translation>
    </message>
    <message>
        <source>All products</source>
        <translation>Tất cả sản phẩm</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Tồn kho</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Hạn dùng</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Còn (ngày)</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>ĐVT</translation>
    </message>
    <message>
        <source>Reorder level</source>
        <translation>Tồn tối thiểu</translation>
    </message>
    <message>
        <source>Stock on hand</source>
        <translation>Hàng tồn kho</translation>
    </message>
    <message numerus="yes">
        <source>%n lots on hand expire within {days} days</source>
        <translation>
            <numerusform>%n lô hàng trong kho hết hạn trong {days} ngày tới</numerusform>
        </translation>
    </message>
    <message>
        <source>estimated first-expiring-first-out from deliveries and sales</source>
        <translation>ước tính theo nguyên tắc hết hạn trước bán trước, từ phiếu nhập và hàng đã bán</translation>
    </message>
    <message numerus="yes">
        <source>%n products at or below their reorder level</source>
        <translation>
            <numerusform>%n sản phẩm chạm hoặc dưới mức tồn tối thiểu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products</source>
        <translation>
            <numerusform>%n sản phẩm</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n at or below their reorder level</source>
        <translation>
            <numerusform>%n chạm hoặc dưới mức tồn tối thiểu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>Đang hiện %n</numerusform>
        </translation>
    </message>
    <message>
        <source>the store&apos;s stock as of {time}, with this till&apos;s sales not yet sent</source>
        <translation>tồn kho của cửa hàng lúc {time}, cộng giao dịch chưa gửi của máy này</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Sổ sách</translation>
    </message>
    <message>
        <source>Counted</source>
        <comment>stock count</comment>
        <translation>Đếm được</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Chênh lệch</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị chênh</translation>
    </message>
    <message>
        <source>Scan a barcode or type a code, then Enter</source>
        <translation>Quét mã vạch hoặc gõ mã hàng rồi Enter</translation>
    </message>
    <message>
        <source>New count</source>
        <translation>Phiếu kiểm kê mới</translation>
    </message>
    <message>
        <source>No count yet — scan an item to start</source>
        <translation>Chưa có phiếu kiểm kê — quét hàng để bắt đầu</translation>
    </message>
    <message numerus="yes">
        <source>Applied: %n products adjusted, value {value}</source>
        <translation>
            <numerusform>Đã áp dụng: %n mặt hàng điều chỉnh, giá trị {value}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products counted</source>
        <translation>
            <numerusform>%n mặt hàng đã đếm</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n differ · value difference {value}</source>
        <translation>
            <numerusform>%n lệch · giá trị chênh {value}</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply the differences to stock</source>
        <translation>Áp dụng chênh lệch vào kho</translation>
    </message>
    <message>
        <source>Restore the backup {file} and start the till? The damaged file is kept, not deleted.</source>
        <translation>Khôi phục bản sao lưu {file} và mở máy bán hàng? Tệp bị hỏng được giữ lại, không bị xoá.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Khôi phục</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Restored {file}. The damaged file is kept as {aside}.</source>
        <translation>Đã khôi phục {file}. Tệp bị hỏng được giữ ở {aside}.</translation>
    </message>
    <message>
        <source>Receipts made after the backup that are only in the damaged file: {n}.</source>
        <translation>Hoá đơn sau bản sao lưu chỉ còn trong tệp bị hỏng: {n}.</translation>
    </message>
    <message>
        <source>The damaged file could not be read to tell whether receipts were made after the backup: tell the manager.</source>
        <translation>Không đọc được tệp bị hỏng để biết có hoá đơn nào sau bản sao lưu không: hãy báo quản lý.</translation>
    </message>
    <message>
        <source>The sales journal checks out.</source>
        <translation>Nhật ký bán hàng hợp lệ.</translation>
    </message>
    <message>
        <source>Journal: {problem}</source>
        <translation>Nhật ký: {problem}</translation>
    </message>
    <message>
        <source>Reduced VAT {rate} %</source>
        <translation>Giảm thuế {rate} %</translation>
    </message>
    <message>
        <source>{rate} % VAT (reduction ended)</source>
        <translation>Thuế suất {rate} % (hết giảm thuế)</translation>
    </message>
    <message>
        <source>{rate} % VAT</source>
        <translation>Thuế suất {rate} %</translation>
    </message>
    <message>
        <source>{rate} % VAT ({code})</source>
        <translation>Thuế suất {rate} % ({code})</translation>
    </message>
    <message>
        <source>{rate} % from {date}</source>
        <translation>{rate} % từ {date}</translation>
    </message>
    <message>
        <source>Passport number</source>
        <translation>Số hộ chiếu</translation>
    </message>
    <message>
        <source>Nationality (3-letter code on the passport)</source>
        <translation>Quốc tịch (mã 3 chữ trên hộ chiếu)</translation>
    </message>
    <message>
        <source>Full name as on the passport</source>
        <translation>Họ tên như trên hộ chiếu</translation>
    </message>
    <message>
        <source>Date of issue</source>
        <translation>Ngày cấp</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>Ngày hết hạn</translation>
    </message>
    <message>
        <source>VAT refund form for a foreign traveller</source>
        <translation>Tờ khai hoàn thuế GTGT cho khách nước ngoài</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <source>Issue and print</source>
        <translation>Lập và in</translation>
    </message>
    <message>
        <source>passport as set at payment, already on the e-invoice</source>
        <translation>hộ chiếu đã nhập khi thanh toán, đã có trên hoá đơn điện tử</translation>
    </message>
    <message>
        <source>Traveller (passport) on the e-invoice</source>
        <translation>Khách du lịch (hộ chiếu) trên hoá đơn điện tử</translation>
    </message>
    <message>
        <source>For a foreign traveller&apos;s VAT refund: the e-invoice names them with their passport number, and the refund form takes these details.</source>
        <translation>Để hoàn thuế GTGT cho người nước ngoài: hoá đơn điện tử ghi tên và số hộ chiếu của khách, tờ khai hoàn thuế dùng lại các thông tin này.</translation>
    </message>
    <message>
        <source>No traveller on this sale</source>
        <translation>Bỏ khách du lịch khỏi giao dịch này</translation>
    </message>
    <message>
        <source>Type the date as DD/MM/YYYY: {fields}</source>
        <translation>Nhập ngày theo dạng NN/TT/NNNN: {fields}</translation>
    </message>
    <message>
        <source>Check the passport:</source>
        <translation>Kiểm tra lại hộ chiếu:</translation>
    </message>
    <message>
        <source>Qualifies: goods {goods}, VAT {vat}, bank fee {fee}, refund due {refund}</source>
        <translation>Đủ điều kiện: hàng {goods}, thuế GTGT {vat}, phí ngân hàng {fee}, được hoàn {refund}</translation>
    </message>
    <message>
        <source>Does not qualify:</source>
        <translation>Không đủ điều kiện:</translation>
    </message>
    <message>
        <source>Left off the form:</source>
        <translation>Không đưa vào tờ khai:</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Hết hạn</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Hư hỏng</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Mất, thất lạc</translation>
    </message>
    <message>
        <source>Other (say why in the note)</source>
        <translation>Lý do khác (ghi rõ ở ghi chú)</translation>
    </message>
    <message>
        <source>Scan the product to write off first</source>
        <translation>Hãy quét sản phẩm cần huỷ trước</translation>
    </message>
    <message>
        <source>Written off: {product} × {qty}</source>
        <translation>Đã huỷ: {product} × {qty}</translation>
    </message>
    <message>
        <source>At</source>
        <translation>Lúc</translation>
    </message>
    <message>
        <source>Value at cost</source>
        <translation>Giá trị theo giá vốn</translation>
    </message>
    <message>
        <source>Latest write-offs</source>
        <translation>Các lần huỷ hàng gần đây</translation>
    </message>
    <message>
        <source>{product} · cost {cost}</source>
        <translation>{product} · giá vốn {cost}</translation>
    </message>
    <message>
        <source>Scan the product to write off</source>
        <translation>Quét sản phẩm cần huỷ</translation>
    </message>
    <message>
        <source>What happened (required for “Other”)</source>
        <translation>Chuyện gì đã xảy ra (bắt buộc với “Lý do khác”)</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Huỷ hàng</translation>
    </message>
    <message numerus="yes">
        <source>{label} from {store} · %n lines</source>
        <translation>
            <numerusform>{label} từ {store} · %n dòng</numerusform>
        </translation>
    </message>
    <message>
        <source>No transfers in transit to this centre</source>
        <translation>Không có phiếu chuyển nào đang đến trung tâm này</translation>
    </message>
    <message>
        <source>Sent {at} by {who} · {note}</source>
        <translation>Gửi lúc {at} bởi {who} · {note}</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>SL gửi</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>SL nhận</translation>
    </message>
    <message>
        <source>Received {label}; discrepancy {qty} recorded at head office</source>
        <translation>Đã nhận {label}; chênh lệch {qty} đã ghi tại văn phòng</translation>
    </message>
    <message>
        <source>Received {label} in full</source>
        <translation>Đã nhận đủ {label}</translation>
    </message>
    <message>
        <source>Confirm received</source>
        <translation>Xác nhận đã nhận</translation>
    </message>
    <message>
        <source>Refund price</source>
        <translation>Giá hoàn</translation>
    </message>
    <message>
        <source>Return without the original receipt</source>
        <translation>Trả hàng không kèm hoá đơn gốc</translation>
    </message>
    <message>
        <source>A manager approves it; the return is recorded now and checked against the original receipt once head office has it.</source>
        <translation>Quản lý duyệt; phiếu trả được ghi ngay và đối chiếu với hoá đơn gốc khi văn phòng có hoá đơn đó.</translation>
    </message>
    <message>
        <source>Receipt the customer states</source>
        <translation>Số hoá đơn khách đưa ra</translation>
    </message>
    <message>
        <source>Scan a product, or type its name or SKU and press Enter</source>
        <translation>Quét mã sản phẩm, hoặc gõ tên hay mã hàng rồi nhấn Enter</translation>
    </message>
    <message>
        <source>Refund method: cash (without the original receipt the refund is always paid in cash)</source>
        <translation>Hình thức hoàn: tiền mặt (không có hoá đơn gốc thì luôn hoàn bằng tiền mặt)</translation>
    </message>
    <message>
        <source>Ask approval and refund</source>
        <translation>Xin duyệt và hoàn tiền</translation>
    </message>
    <message>
        <source>Scan or find a product first</source>
        <translation>Hãy quét hoặc tìm sản phẩm trước</translation>
    </message>
    <message>
        <source>The quantity must be more than 0 (Del removes the line)</source>
        <translation>Số lượng phải lớn hơn 0 (Del để xoá dòng)</translation>
    </message>
    <message>
        <source>{name}: today&apos;s price {price}. Refunding more than that needs a manager&apos;s price override.</source>
        <translation>{name}: giá hôm nay {price}. Hoàn cao hơn giá này cần quản lý duyệt đổi giá.</translation>
    </message>
    <message>
        <source>{price} (above today&apos;s {today})</source>
        <translation>{price} (cao hơn giá hôm nay {today})</translation>
    </message>
    <message>
        <source>Scan or find each product the customer brings back</source>
        <translation>Quét hoặc tìm từng sản phẩm khách mang trả</translation>
    </message>
    <message>
        <source>Refund {amount} in cash</source>
        <translation>Hoàn {amount} tiền mặt</translation>
    </message>
    <message>
        <source>Type the receipt number the customer states</source>
        <translation>Gõ số hoá đơn khách đưa ra</translation>
    </message>
    <message>
        <source>Returns without the original receipt</source>
        <translation>Các phiếu trả không kèm hoá đơn gốc</translation>
    </message>
    <message>
        <source>Return slip</source>
        <translation>Phiếu trả</translation>
    </message>
    <message>
        <source>Receipt stated</source>
        <translation>Hoá đơn khách nêu</translation>
    </message>
    <message>
        <source>No return has been made without its original receipt</source>
        <translation>Chưa có phiếu trả nào không kèm hoá đơn gốc</translation>
    </message>
</context>
</TS>
