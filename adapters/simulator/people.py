"""Plausible callers: Chinese names and mobile numbers, drawn from a seeded `random.Random`."""
from __future__ import annotations

import random

# Common surnames, most frequent first (weights roughly follow their national and Sichuan shares).
SURNAMES = (
    "李", "王", "张", "刘", "陈", "杨", "黄", "赵", "何", "罗", "邓", "唐", "周", "吴", "徐",
    "孙", "胡", "朱", "高", "林", "郭", "马", "谢", "曾", "冯", "彭", "蒋", "向", "杜", "袁",
    "熊", "廖", "龙", "苏", "文", "蒲", "付", "任", "钟", "谭", "夏", "肖", "田", "魏", "汪",
    "雷", "梁", "宋", "郑", "姚", "余", "蔡", "侯", "秦", "冉", "游", "邱", "贺", "程", "卢",
)
SURNAME_WEIGHTS = tuple(max(1.0, 12.0 - index * 0.25) for index in range(len(SURNAMES)))

GIVEN_MALE = (
    "伟", "强", "军", "勇", "杰", "涛", "明", "超", "斌", "波", "刚", "平", "辉", "华", "林",
    "建国", "建华", "志强", "志明", "国强", "德明", "永红", "俊", "浩", "宇", "鹏", "磊", "洪", "兵", "成",
    "文", "海", "春", "福", "贵", "忠", "荣", "小龙", "家俊", "子豪", "天佑", "晨", "鑫", "川", "德",
)
GIVEN_FEMALE = (
    "芳", "丽", "敏", "静", "燕", "霞", "秀英", "桂英", "玉兰", "淑华", "红", "梅", "琴", "兰", "娟",
    "婷", "雪", "琳", "倩", "欣怡", "雨涵", "晓燕", "春梅", "翠", "英", "凤", "萍", "丹", "佳", "颖",
)
MIDDLE = ("德", "志", "国", "家", "永", "世", "光", "正", "明", "晓", "小", "春", "海", "思", "文")

# Mobile number segments in use by China Mobile, China Unicom, China Telecom and broadcasting (1[3-9]x).
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "147", "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "166", "173", "175", "176", "177", "178", "180", "181", "182", "183",
    "184", "185", "186", "187", "188", "189", "191", "192", "198", "199",
)


def random_name(rng: random.Random) -> str:
    """Surname plus a one- or two-character given name (a third of given names take a middle character)."""
    surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    given = rng.choice(GIVEN_MALE if rng.random() < 0.5 else GIVEN_FEMALE)
    if len(given) == 1 and rng.random() < 0.35:
        given = rng.choice(MIDDLE) + given
    return surname + given


def random_mobile(rng: random.Random) -> str:
    """An eleven-digit mainland mobile number, e.g. 13812345678."""
    return rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def random_reporter(rng: random.Random) -> dict[str, str]:
    """The `reporter` object of the unified demand body."""
    return {"name": random_name(rng), "phone": random_mobile(rng)}
