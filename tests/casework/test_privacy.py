from casework.privacy import mask_case, mask_name, mask_phone, mask_text


def test_names_and_phones_are_masked():
    assert mask_name("张三丰") == "张**"
    assert mask_name("李") == "李*"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0818-7322123") == "081****2123"


def test_numbers_inside_free_text_are_masked():
    text = mask_text("请联系13812345678或身份证511725199001011234，座机0818-7322123")
    assert "13812345678" not in text and "199001011234" not in text and "7322123" not in text
    assert "138****5678" in text


def test_public_case_drops_content_address_and_external_id():
    case = {"id": "X", "title": "张三 13812345678 路灯", "content": "详细", "address": "某小区3栋",
            "external_id": "12345-1", "reporter": {"name": "张三", "phone": "13812345678"}}
    public = mask_case(case)
    assert public["reporter"] == {"name": "张*", "phone": "138****5678"}
    assert "content" not in public and "address" not in public and "external_id" not in public
    assert "13812345678" not in public["title"] and "张三" not in public["title"]
    assert case["reporter"]["name"] == "张三"  # the original is untouched
