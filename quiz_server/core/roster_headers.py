"""The column headers of Vietnamese lists, matched without regard to case or diacritics.

Lists come from many offices: ``Họ tên`` or ``HỌ VÀ TÊN``, ``Tỉnh/Thành phố`` or ``Tỉnh``,
``SĐT`` or ``Điện thoại``. Headers are compared in a folded form (no accents, đ as d, lower
case, punctuation as spaces), so ``Ho va ten`` typed on a keyboard without Vietnamese input
matches too. The running number (``STT``) is ignored: almost every list has one.
"""

import re
import unicodedata

IGNORED = object()  # a column read past, such as the running number


def header_key(text):
    """``Tỉnh/Thành phố`` → ``tinh thanh pho``."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")
    return re.sub(r"[^0-9a-z@]+", " ", bare.casefold()).strip()


_NAMES = {
    "full_name": ("Họ và tên", "Họ tên", "Họ, tên", "Tên học viên", "Họ và tên học viên",
                  "Name", "Full name"),
    "unit": ("Đơn vị", "Cơ quan", "Đơn vị công tác", "Cơ quan, đơn vị", "Cơ quan công tác",
             "Unit", "Organisation", "Organization"),
    "position": ("Chức vụ", "Chức danh", "Chức vụ, chức danh", "Position", "Job title"),
    "province": ("Tỉnh/thành phố", "Tỉnh, thành phố", "Tỉnh", "Tỉnh thành", "Địa phương",
                 "Province"),
    "email": ("Email", "E-mail", "Thư điện tử", "Địa chỉ email"),
    "phone": ("Số điện thoại", "Điện thoại", "SĐT", "SDT", "Di động", "Số di động", "Phone",
              "Telephone", "Mobile"),
    "username": ("Tên đăng nhập", "Tài khoản", "Username", "Login"),
}
_IGNORED = ("STT", "TT", "Số TT", "Số thứ tự", "No", "No.")

SYNONYMS = {header_key(name): column for column, names in _NAMES.items() for name in names}
SYNONYMS.update({header_key(name): IGNORED for name in _IGNORED})
