"""Demand texts that read like 12345 work orders: templates written for this project, filled with slots.

A `Template` names its first-level category and a second-level topic of the taxonomy, the short
issue it is about, alternatives for the title and for each sentence of the content (an opening, a
detail, an optional impact, a request), its urgency and where it happens (`urban` communities,
`rural` villages or `any`). `fill_slots` draws the names, amounts and durations; `compose` builds the
title and a 2-4 sentence first-person message; `compose_repeat` writes the same caller calling
again about the same issue.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Urgency = Literal["normal", "urgent", "critical"]
Setting = Literal["urban", "rural", "any"]


@dataclass(frozen=True)
class Template:
    key: str
    category: str
    topic: str
    issue: str
    titles: tuple[str, ...]
    openings: tuple[str, ...]
    details: tuple[str, ...]
    requests: tuple[str, ...]
    impacts: tuple[str, ...] = ()
    urgency: Urgency = "normal"
    setting: Setting = "any"
    weight: float = 1.0


@dataclass(frozen=True)
class DemandText:
    title: str
    sentences: tuple[str, ...]

    @property
    def content(self) -> str:
        return "".join(self.sentences)


# --- slot vocabularies -------------------------------------------------------------------------

ROADS = ("人民路", "建设路", "文化路", "滨江路", "新华路", "解放路", "北大街", "南大街", "东风路",
         "渠江路", "宕府路", "江北路", "迎宾大道", "紫薇路", "文峰路", "西环路", "学府路", "车站路")
ESTATE_PREFIXES = ("滨江", "渠江", "宕渠", "锦绣", "阳光", "金色", "翠湖", "江景", "书香", "学府",
                   "紫荆", "凤凰", "龙湾", "文峰", "天鹅", "御景", "香樟", "状元")
ESTATE_SUFFIXES = ("花园", "华庭", "名苑", "家园", "雅居", "壹号", "公馆", "新城", "丽景", "尚城")
SHOP_NAMES = ("老码头", "蜀香", "川味坊", "巴适", "宕渠人家", "江边", "好再来", "聚福", "老地方",
              "红火", "渠州", "兄弟", "一品", "老李家", "张记", "盛世")
FOOD_SHOPS = ("火锅店", "烧烤店", "串串店", "KTV", "酒吧", "麻将馆", "大排档", "夜宵店")
BEAUTY_BRANDS = ("丽人", "美丽人生", "伊人", "纤姿", "悦颜", "名媛", "花漾", "水之源")
PREPAID_SHOPS = ("健身房", "游泳馆", "教育培训中心", "洗车店", "理发店", "少儿美术培训班", "舞蹈培训学校")
TRAINING_BRANDS = ("启航", "博学", "明德", "金太阳", "育才", "智慧树", "小天才", "状元郎")
COMPANY_NAMES = ("鑫达", "宏远", "华盛", "永兴", "恒通", "川渠", "兴业", "金鼎", "顺达", "瑞丰", "佳和", "卓越")
BUILDER_KINDS = ("建筑劳务有限公司", "建筑工程有限公司", "建设工程有限公司")
COMPANY_KINDS = ("鞋业有限公司", "食品有限公司", "服装厂",
                 "物流有限公司", "建材有限公司", "家具厂")
FACTORY_KINDS = ("食品厂", "造纸厂", "洗砂场", "屠宰场", "酒厂", "砖厂", "豆制品厂")
FARM_KINDS = ("养猪场", "养鸡场", "养鸭场", "养牛场")
CROPS = ("水稻", "玉米", "黄花", "柑橘", "油菜", "红薯")
DURATIONS = ("一个多星期", "十来天", "半个多月", "二十多天", "一个多月", "两个多月")
SHORT_DURATIONS = ("两天", "三天", "四五天", "一个星期")
NIGHT_TIMES = ("晚上十一点多", "晚上十二点", "凌晨一点多", "凌晨两三点", "半夜")
RELATIVES = ("父亲", "母亲", "爷爷", "奶奶", "外婆", "外公")
NEIGHBOURS = ("隔壁邻居", "楼上住户", "对门邻居", "楼下住户")
RURAL_NEIGHBOURS = ("隔壁邻居", "同组村民", "隔壁那户人家", "邻居家")
LANDMARKS = ("农贸市场", "学校门口", "十字路口", "桥头", "公交站旁边", "菜市场门口", "卫生院门口", "广场")
HOSPITALS = ("渠县人民医院", "渠县中医院", "渠县第二人民医院")
SCHOOL_KINDS = ("中心小学", "小学", "实验小学", "第二小学")
CHINESE_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def short_village_name(name: str) -> str:
    """`庆丰社区居民委员会` → `庆丰社区`, `珠山村民委员会` → `珠山村`; other names unchanged."""
    for suffix, keep in (("居民委员会", ""), ("居委会", ""), ("村民委员会", "村"), ("委员会", "")):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + keep
    return name


def fill_slots(rng: random.Random, town: str, village: str) -> dict[str, str]:
    """Every slot a template may use, drawn once per demand."""
    estate = rng.choice(ESTATE_PREFIXES) + rng.choice(ESTATE_SUFFIXES) + "小区"
    months = rng.randint(2, 8)
    people = rng.choice((5, 6, 8, 10, 12, 15, 18, 20, 23, 26, 30, 35, 40))
    wage = people * months * rng.choice((2800, 3200, 3600, 4000, 4500, 5000))
    return {
        "town": town,
        "village": village,
        "place": town + village,
        "estate": estate,
        "road": rng.choice(ROADS),
        "building": f"{rng.randint(1, 18)}栋",
        "unit": f"{rng.randint(1, 4)}单元",
        "floor": f"{rng.randint(2, 26)}楼",
        "merchant": rng.choice(SHOP_NAMES) + rng.choice(FOOD_SHOPS),
        "beauty_shop": rng.choice(BEAUTY_BRANDS) + rng.choice(("美容院", "美容美发店", "养生馆", "美甲店")),
        "prepaid_shop": rng.choice(SHOP_NAMES) + rng.choice(PREPAID_SHOPS),
        "training": rng.choice(TRAINING_BRANDS) + rng.choice(("教育培训中心", "培训学校", "托管班", "辅导班")),
        "card_amount": f"{rng.choice((800, 1000, 1500, 2000, 2680, 3000, 3980, 5000, 6800, 8000))}元",
        "company": "渠县" + rng.choice(COMPANY_NAMES) + rng.choice(COMPANY_KINDS),
        "builder": "渠县" + rng.choice(COMPANY_NAMES) + rng.choice(BUILDER_KINDS),
        "factory": rng.choice(COMPANY_NAMES) + rng.choice(FACTORY_KINDS),
        "farm": rng.choice(("老" + rng.choice(("王", "李", "张", "陈", "何")), rng.choice(COMPANY_NAMES)))
        + rng.choice(FARM_KINDS),
        "months": str(months),
        "people": str(people),
        "crowd": rng.choice(("二三十", "三四十", "四五十", "五六十")),
        "amount": f"{wage / 10000:.1f}万元" if wage >= 10000 else f"{wage}元",
        "personal_amount": f"{rng.choice((4800, 6500, 8000, 9600, 12000, 15600, 18000, 24000))}元",
        "duration": rng.choice(DURATIONS),
        "short_duration": rng.choice(SHORT_DURATIONS),
        "night_time": rng.choice(NIGHT_TIMES),
        "relative": rng.choice(RELATIVES),
        "age": str(rng.randint(72, 89)),
        "old_age": str(rng.randint(80, 96)),
        "neighbour": rng.choice(NEIGHBOURS),
        "rural_neighbour": rng.choice(RURAL_NEIGHBOURS),
        "crop": rng.choice(CROPS),
        "mu": str(rng.choice((1.5, 2, 2.5, 3, 4, 5, 6, 8))).removesuffix(".0"),
        "landmark": rng.choice(LANDMARKS),
        "hospital": rng.choice(HOSPITALS),
        "school": town.removesuffix("街道").removesuffix("镇").removesuffix("乡") + rng.choice(SCHOOL_KINDS),
        "bus_line": f"{rng.randint(1, 12)}路",
        "grade": rng.choice(CHINESE_NUMBERS[:6]) + "年级",
        "group": rng.choice(CHINESE_NUMBERS[:8]) + "组",
        "hours": str(rng.choice((2, 3, 4, 5, 6))),
        "fee": f"{rng.choice((200, 300, 450, 500, 600, 800, 1200))}元",
    }


# --- the templates -----------------------------------------------------------------------------

GENERIC_REQUESTS = (
    "希望相关部门尽快核实处理。",
    "请有关部门尽快处理，谢谢！",
    "恳请相关部门重视，尽快解决。",
    "希望尽快派人来看一下，给我们一个答复。",
)

TEMPLATES: tuple[Template, ...] = (
    # 城乡建设 ---------------------------------------------------------------------------------
    Template(
        "streetlight", "城乡建设", "城市建设和市政管理", "路灯不亮",
        ("{place}路灯不亮", "{town}{road}路灯不亮", "反映{place}{road}一段路灯长期不亮"),
        ("我是{place}的居民，{road}靠近{landmark}那一段的路灯已经坏了{duration}。",
         "我家住在{place}，门口{road}上的路灯{duration}都没亮过了。",
         "{place}{road}这段路的路灯晚上一直不亮，已经有{duration}了。"),
        ("晚上路上黑漆漆的，老人小孩出门很不安全。", "前两天晚上还有人骑电瓶车摔倒了。",
         "之前跟社区说过，一直没有人来修。"),
        ("希望相关部门尽快派人维修路灯。", "请尽快安排人员检修，谢谢！"),
        ("附近还有好几个路灯也是忽明忽暗的。",),
    ),
    Template(
        "road_damage", "城乡建设", "城市建设和市政管理", "道路破损",
        ("{place}道路破损", "{town}{road}路面坑洼严重", "反映{place}路面破损积水问题"),
        ("我反映一下{place}{road}路面破损的问题。", "{town}{road}靠近{landmark}的路面烂了{duration}了。"),
        ("路上好几个大坑，一下雨就积水，车子开过去溅得行人一身泥。",
         "路面塌了一块，晚上看不清，已经有骑车的人摔伤了。", "坑越来越大，大车一过整条路都在抖。"),
        ("希望相关部门尽快修补路面。", "请尽快安排修复，消除安全隐患。"),
        ("这条路每天上下学的学生很多。",),
    ),
    Template(
        "village_road", "城乡建设", "村镇建设", "村道损坏",
        ("{place}村道损坏严重", "{town}{village}{group}通组路破损", "反映{place}村道坑洼无法通行"),
        ("我是{place}{group}的村民，我们组通往镇上的村道坏了{duration}了。",
         "{place}{group}的通组路烂得不成样子了。"),
        ("路面全是坑，下雨天全是泥巴，摩托车都骑不过去。", "农用车拉{crop}出去卖都要绕很远的路。"),
        ("希望镇上和交通部门安排修一下这条路。", "恳请政府把这段路纳入维修计划。"),
        ("娃娃上学每天都要走这条路。",),
        setting="rural",
    ),
    Template(
        "illegal_building", "城乡建设", "城乡规划", "违章搭建",
        ("{place}有人违章搭建", "举报{place}违章搭建", "反映{town}{road}有人私自加盖房屋"),
        ("我要举报{place}有住户违章搭建。", "{town}{road}靠近{landmark}有人在私自加盖房子。"),
        ("他们把围墙往外扩了两三米，占了公共通道。", "已经搭了好几天了，天天敲敲打打，还在往上加。",
         "新盖的偏房把排水沟都堵了，一下雨水就往我家里灌。"),
        ("希望城管部门尽快来查处拆除。", "请相关部门依法处理，恢复原状。"),
        ("跟他们说过，他们根本不听。",),
        weight=0.6,
    ),
    Template(
        "rooftop_building", "城乡建设", "城乡规划", "楼顶违章搭建",
        ("{town}{estate}楼顶违章搭建", "反映{estate}{building}顶楼加盖", "举报{town}{estate}业主私搭乱建"),
        ("我住在{town}{estate}，{building}顶楼的住户在楼顶私自搭建房子。",
         "{town}{estate}{building}有业主在楼顶平台上搭彩钢棚。"),
        ("搭建的彩钢棚挡住了我们家的采光。", "已经搭了好几天了，天天敲敲打打，还在往上加。",
         "楼顶防水层被破坏了，一下雨顶楼就漏水。"),
        ("希望城管部门尽快来查处拆除。", "请相关部门依法处理，恢复原状。"),
        ("找过物业，物业说管不了。",),
        setting="urban", weight=0.6,
    ),
    Template(
        "property_dispute", "城乡建设", "住房保障与房地产", "物业纠纷",
        ("{town}{estate}物业纠纷", "反映{estate}物业乱收费", "{town}{estate}物业服务不到位"),
        ("我是{town}{estate}的业主，我们小区的物业公司服务很差。",
         "我住在{town}{estate}{building}，反映一下物业的问题。"),
        ("物业费每年照收，小区垃圾没人扫，门禁坏了{duration}也不修。",
         "物业突然要每户多收{fee}的停车管理费，也没有开业主大会。",
         "物业说我们没交物业费，就把我家的水卡停了。"),
        ("希望住建部门督促物业整改。", "请相关部门介入调解，给业主一个说法。"),
        ("好多业主都有意见，找物业也没用。",),
        setting="urban",
    ),
    Template(
        "water_outage", "城乡建设", "城市建设和市政管理", "小区停水",
        ("{town}{estate}停水", "{estate}停水未提前通知", "反映{place}频繁停水"),
        ("我是{town}{estate}的住户，我们小区从昨天晚上开始就停水了。",
         "{place}{estate}这{short_duration}一直停水，也没看到任何通知。"),
        ("打自来水公司电话说在抢修，到现在还是没有水。", "高层住户水压一直不够，{floor}以上基本没有水。",
         "家里有老人和小孩，吃饭洗澡都成问题。"),
        ("希望尽快恢复供水，并告诉我们什么时候来水。", "请相关部门督促尽快恢复供水。"),
        (),
        setting="urban",
    ),
    Template(
        "power_outage", "城乡建设", "城市建设和市政管理", "频繁停电",
        ("{place}频繁停电", "反映{place}电压不稳", "{town}{village}经常停电"),
        ("我是{place}的，我们这里最近{duration}经常停电。", "{place}这段时间三天两头停电。"),
        ("一停就是好几个小时，冰箱里的东西都坏了。", "电压不稳，家里的电器烧坏了两样。"),
        ("希望供电部门尽快检修线路。", "请供电公司来查一下原因，尽快解决。"),
    ),
    Template(
        "manhole", "城乡建设", "城市建设和市政管理", "井盖缺失",
        ("{town}{road}井盖缺失", "{place}{landmark}井盖破损", "反映{town}{road}下水道井盖丢失"),
        ("{town}{road}靠近{landmark}的一个井盖不见了。", "我路过{place}{landmark}，看到一个下水道井盖碎了。"),
        ("只有几根树枝插在那里，晚上根本看不见。", "旁边就是人行道，小孩子很容易掉下去。"),
        ("请尽快派人来补上井盖。", "希望相关部门马上处理，以免有人受伤。"),
        setting="urban",
    ),
    Template(
        "elevator", "城乡建设", "城市建设和市政管理", "电梯故障",
        ("{town}{estate}电梯故障", "{estate}{building}电梯经常停运", "反映{estate}电梯安全隐患"),
        ("我住在{town}{estate}{building}{unit}，我们单元的电梯坏了{short_duration}了。",
         "{estate}{building}的电梯最近经常出故障。"),
        ("上周还有人被困在电梯里半个多小时。", "我们家住{floor}，家里老人上下楼太困难了。"),
        ("希望相关部门督促物业尽快维修。", "请特种设备监管部门来检查一下电梯安全。"),
        setting="urban",
    ),
    Template(
        "construction_arrears", "城乡建设", "建筑市场", "拖欠工程款",
        ("{builder}拖欠工程款", "反映{town}某工地拖欠工程款"),
        ("我是做建材生意的，给{builder}在{town}的工地供了一批材料。",
         "我们在{town}包了{builder}的一部分工程，做完已经{months}个月了。"),
        ("工程款{amount}到现在一分没结，老板一直推说甲方没给钱。", "对方一直拖着不给钱，电话也不接了。"),
        ("希望住建部门帮我们协调一下工程款的事。", "恳请有关部门督促对方尽快结算。"),
    ),
    Template(
        "property_certificate", "城乡建设", "住房保障与房地产", "房产证迟迟办不下来",
        ("{town}{estate}房产证迟迟办不下来", "反映{estate}开发商不办房产证"),
        ("我在{town}{estate}买的房子，交房已经三年多了。", "我是{estate}的业主，收房好几年了。"),
        ("开发商一直说手续不全，房产证到现在还没办下来。", "娃娃要上学需要房产证，开发商一直推脱。"),
        ("希望相关部门督促开发商尽快办证。", "请有关部门核实，给我们业主一个时间表。"),
        setting="urban",
    ),
    Template(
        "gas_smell", "城乡建设", "城市建设和市政管理", "燃气泄漏味道",
        ("{town}{estate}疑似燃气泄漏", "{estate}{building}楼道有很重的燃气味", "{place}疑似天然气泄漏"),
        ("我是{town}{estate}{building}的住户，现在楼道里有很重的天然气味道。",
         "{place}{estate}{building}{unit}楼道里燃气味道很浓。"),
        ("已经闻了快半个小时了，不知道是哪家漏的，敲门也没人应。", "好几户邻居都闻到了，大家都不敢开火。"),
        ("请燃气公司马上派人来检查！", "情况紧急，请尽快派人过来处置！"),
        urgency="urgent", setting="urban", weight=0.25,
    ),
    Template(
        "wall_crack", "城乡建设", "安全生产", "房屋墙体开裂",
        ("{place}房屋墙体开裂有垮塌风险", "{town}{village}危房开裂"),
        ("{place}{group}有一栋老房子的墙体裂开了很大的口子。", "我家隔壁的老房子这两天墙体开裂越来越严重。"),
        ("裂缝有几公分宽，还在往下掉砖头，旁边就是路。", "昨晚下了大雨，墙已经歪了，里面还住着人。"),
        ("请马上派人来看，把里面的人先转移出来！", "情况危险，请相关部门立即处置！"),
        urgency="critical", weight=0.08,
    ),
    # 劳动和社会保障 -------------------------------------------------------------------------
    Template(
        "wage_arrears", "劳动和社会保障", "工资福利", "拖欠工资",
        ("{company}拖欠工资", "反映{company}拖欠{people}名员工工资", "反映{company}长期拖欠员工工资"),
        ("我在{company}上班，公司已经{months}个月没有发工资了。",
         "我是{place}的，去年在{company}打工，走的时候工资没结清。"),
        ("我们{people}个人一共被欠了{amount}，老板每次都说过几天就发。", "光是我一个人就被欠了{personal_amount}，找老板，老板躲着不见。"),
        ("希望劳动监察部门帮我们讨回工资。", "恳请相关部门督促公司尽快发放工资。"),
        ("家里还等着这笔钱给娃娃交学费。",),
        weight=0.9,
    ),
    Template(
        "migrant_wage_arrears", "劳动和社会保障", "劳动关系", "拖欠农民工工资",
        ("{town}某工地拖欠农民工工资", "{builder}拖欠{people}名农民工工资", "反映{town}{road}工地包工头欠薪"),
        ("我们{people}个人在{town}{road}的工地上给{builder}干活，干完活工资一直拿不到。",
         "我是{place}的，去年在{town}的工地上做钢筋工，是{builder}的项目。"),
        ("一共欠了大家{amount}，包工头每次都说过几天就发。", "光是我一个人就被欠了{personal_amount}，包工头电话都不接了。"),
        ("希望劳动监察部门帮我们讨回工资。", "恳请相关部门督促施工单位尽快发放工资。"),
        ("家里还等着这笔钱给娃娃交学费。", "快过年了，大家都等着钱回家。"),
        weight=0.9,
    ),
    Template(
        "wage_arrears_crowd", "劳动和社会保障", "劳动关系", "欠薪多人聚集",
        ("{town}工地{crowd}名工人聚集讨薪", "{builder}欠薪多人聚集", "{place}农民工聚集讨要工资"),
        ("现在{town}{road}{builder}承建的工地门口聚集了{crowd}个工人在讨工资。",
         "我们{crowd}个工人现在都在{builder}办公室门口。"),
        ("老板欠了大家{months}个月的工资，今天说好发钱人又不见了，大家情绪很激动。",
         "工地已经停工了，有人说要堵路，现场很乱。"),
        ("请相关部门马上派人来现场协调！", "希望劳动监察和派出所尽快到现场处理，避免出事。"),
        urgency="urgent", weight=0.2,
    ),
    Template(
        "social_insurance", "劳动和社会保障", "城镇职工社会保险", "社保缴纳",
        ("{company}不给员工缴纳社保", "反映{company}未足额缴纳社保", "咨询社保断缴补缴问题"),
        ("我在{company}工作了{months}年，最近查社保才发现公司一直没给我交。",
         "我之前在{company}上班，离职的时候发现社保断了好几个月。"),
        ("公司说是我自己同意不交的，我根本没签过这种东西。", "公司每个月工资里都扣了社保的钱，但是社保局查不到记录。",
         "想问一下断缴的部分能不能补缴，要带哪些材料。"),
        ("希望社保部门核实，督促公司补缴。", "请相关部门给我答复，谢谢。"),
        weight=1.2,
    ),
    Template(
        "resident_pension", "劳动和社会保障", "城镇居民社会保险", "养老金领取",
        ("{place}城乡居民养老金未到账", "咨询{town}城乡居民养老保险领取"),
        ("我是{place}的，今年满了六十岁。", "我{relative}是{place}的，今年{age}岁了。"),
        ("按规定应该领养老金了，但是卡里{months}个月都没有钱到账。", "去社保所问，说是资料没有录进去，让我们等。"),
        ("希望社保部门帮忙查一下原因。", "请相关部门尽快核实，把养老金发下来。"),
    ),
    Template(
        "medical_insurance", "劳动和社会保障", "城镇居民社会保险", "医保报销",
        ("咨询异地就医医保报销", "反映{town}医保报销比例问题", "{place}群众医保报销难"),
        ("我{relative}前段时间住院花了两万多，回来报销的时候问题很多。", "我是{place}的，去年交了城乡居民医保。"),
        ("在{hospital}住院报销比例比说好的低了很多。", "跑了好几趟医保中心，每次都说材料不齐。"),
        ("希望医保部门讲清楚报销政策，帮我们办理。", "请相关部门一次性告知需要的材料。"),
    ),
    Template(
        "dismissal", "劳动和社会保障", "劳动关系", "辞退不给补偿",
        ("{company}辞退员工不给补偿", "反映{company}违法解除劳动合同"),
        ("我在{company}干了{months}年，上个月公司突然说不要我了。", "我是{company}的员工，公司说效益不好把我们几个辞退了。"),
        ("没有任何补偿，最后一个月工资也扣着不发。", "公司让我们自己写辞职申请，不写就不结工资。"),
        ("希望劳动监察部门帮我维权。", "请问我应该怎么申请劳动仲裁，希望有人给我指导。"),
        weight=0.5,
    ),
    Template(
        "no_contract", "劳动和社会保障", "劳动关系", "不签劳动合同",
        ("反映{company}不签劳动合同", "{company}不认定工伤"),
        ("我在{company}上班一年多，公司一直不和我签劳动合同。", "我在{company}做了{months}个月的工，一直没签合同。"),
        ("上个月在车间受了伤，公司说我不是他们的员工，医药费也不管。", "现在要申请工伤认定，公司不肯出证明。"),
        ("希望劳动监察部门帮我维权。", "请相关部门帮忙认定劳动关系。"),
        weight=0.5,
    ),
    Template(
        "employment", "劳动和社会保障", "就业培训", "就业培训咨询",
        ("咨询{town}就业技能培训", "咨询返乡创业补贴政策"),
        ("我是{place}的，刚从外地打工回来。", "我今年刚毕业，户口在{place}。"),
        ("想参加县里的免费技能培训，不知道去哪里报名。", "听说返乡创业有补贴和贴息贷款，想了解一下条件。"),
        ("希望相关部门告诉我具体怎么办理。", "请给我回个电话讲一下政策，谢谢。"),
        weight=0.6,
    ),
    # 教育文体 -----------------------------------------------------------------------------
    Template(
        "school_fees", "教育文体", "教育收费", "学校乱收费",
        ("{school}乱收费", "反映{school}收取资料费", "{town}{school}强制订购教辅"),
        ("我娃娃在{school}读{grade}。", "我是{school}{grade}的学生家长。"),
        ("学校这学期让每个学生交{fee}的资料费，也没有开收据。", "老师要求家长必须在指定的店里买校服和教辅。"),
        ("希望教育局查一下是不是合规。", "请教育部门核实处理。"),
    ),
    Template(
        "enrolment", "教育文体", "教育行政管理", "入学难",
        ("{town}适龄儿童入学难", "咨询{school}划片入学政策"),
        ("我们家住在{place}，娃娃今年该上一年级了。", "我是随迁子女家长，在{town}买了房子。"),
        ("学校说我们不在划片范围，不给报名。", "报名的时候学校要的证明太多，跑了好几趟都没办下来。"),
        ("希望教育局给我们解决入学问题。", "请相关部门讲清楚入学政策。"),
    ),
    Template(
        "square_dance", "教育文体", "文化", "广场舞噪音扰民",
        ("{place}广场舞噪音扰民", "{town}{landmark}广场舞音响声音太大"),
        ("{place}{landmark}每天晚上都有人跳广场舞。", "我家住在{town}{estate}，楼下广场每天早上六点就开始放音乐。"),
        ("音响开得特别大，一跳就是两三个小时，家里娃娃没法写作业。", "家里有病人需要休息，跟她们说过好几次都不听。"),
        ("希望相关部门管一管，把音量调小一点。", "请有关部门协调一下跳舞的时间和音量。"),
    ),
    Template(
        "tutoring", "教育文体", "教育行政管理", "校外培训机构",
        ("{training}无证办学", "反映{town}校外培训机构违规补课"),
        ("我给娃娃在{training}报了班，交了{card_amount}。", "{town}有一家{training}在周末给学生上文化课。"),
        ("后来听说他们根本没有办学许可证。", "场地在居民楼里，几十个娃娃挤在一起，消防也不达标。"),
        ("希望教育部门去查一下。", "请相关部门核实处理。"),
        setting="urban", weight=0.7,
    ),
    Template(
        "teacher_pay", "教育文体", "教师队伍和待遇", "乡村教师待遇",
        ("{school}教师绩效工资未发放", "反映{town}乡村教师补贴问题"),
        ("我是{town}{school}的老师。", "我在{school}教了十几年书。"),
        ("乡村教师生活补助已经{months}个月没有发了。", "去年的绩效工资到现在还没有兑现。"),
        ("希望教育局核实一下，按政策发放。", "请相关部门给我们老师一个答复。"),
        setting="rural", weight=0.5,
    ),
    # 商贸旅游 -----------------------------------------------------------------------------
    Template(
        "merchant_noise", "商贸旅游", "市场监管", "商家噪音扰民",
        ("{place}{merchant}噪音扰民", "{town}{road}{merchant}深夜扰民", "反映{merchant}噪音问题"),
        ("我家住在{town}{road}，楼下新开了一家{merchant}。", "{place}{road}上的{merchant}每天都营业到{night_time}。"),
        ("每天晚上划拳喝酒、放音乐，吵得整栋楼都睡不着。", "门口还摆了很多桌子占道经营，油烟也很大。"),
        ("希望相关部门管一管，还我们一个安静的环境。", "请有关部门督促商家整改。"),
        ("家里老人心脏不好，整晚睡不着。",),
        setting="urban", weight=1.3,
    ),
    Template(
        "prepaid_refund", "商贸旅游", "市场监管", "预付卡退费",
        ("{prepaid_shop}预付卡退费难", "反映{town}{prepaid_shop}拒不退费", "{prepaid_shop}关门预付卡无法使用"),
        ("我在{town}{prepaid_shop}办了一张{card_amount}的卡。", "去年在{prepaid_shop}充了{card_amount}。"),
        ("现在店里突然关门了，卡里还有一大半的钱没用。", "店里换了老板，说以前的卡不认了，也不给退钱。"),
        ("希望市场监管部门帮忙退费。", "请相关部门帮我们维权，把钱退回来。"),
        ("和我一样情况的会员有好几十个。",),
    ),
    Template(
        "beauty_runaway", "商贸旅游", "市场监管", "美容店跑路",
        ("{town}{beauty_shop}老板跑路", "反映{beauty_shop}卷款跑路", "{beauty_shop}关门无法退费"),
        ("我在{town}{road}的{beauty_shop}办了{card_amount}的美容卡。", "{beauty_shop}前几天突然关门了。"),
        ("现在店门关了，老板电话也打不通，群里好多会员都被骗了。", "店里还一直推销让我们续费，没过几天人就不见了。"),
        ("希望相关部门帮我们找到老板退钱。", "请市场监管和公安部门介入调查。"),
        setting="urban",
    ),
    Template(
        "short_weight", "商贸旅游", "市场监管", "缺斤短两",
        ("{town}{landmark}商贩缺斤短两", "反映{place}农贸市场秤不准"),
        ("我今天在{town}{landmark}买菜。", "我在{place}农贸市场买了两斤肉。"),
        ("回家一称少了快三两，回去找摊主，他还不承认。", "好几家摊位的电子秤都有问题。"),
        ("希望市场监管部门去查一下这些秤。", "请相关部门加强管理。"),
    ),
    Template(
        "expired_food", "商贸旅游", "市场监管", "销售过期食品",
        ("{place}超市销售过期食品", "反映{town}{landmark}超市卖过期商品"),
        ("我在{place}{landmark}旁边的超市买了一箱牛奶。", "昨天在{town}{landmark}附近的超市给娃娃买了零食。"),
        ("拿回家才发现已经过期一个多月了。", "回家一看生产日期，早就过了保质期，货架上还有很多。"),
        ("希望市场监管部门去查处。", "请相关部门核实，商家应该给我退换赔偿。"),
        weight=0.5,
    ),
    Template(
        "fake_liquor", "商贸旅游", "市场监管", "销售假冒商品",
        ("反映{town}商店卖假酒", "{town}{road}商店销售假冒商品"),
        ("前几天在{town}{road}的一家商店买了两瓶白酒。", "我在{town}的一家烟酒店买了一条烟和一瓶酒。"),
        ("喝起来味道不对，包装也和正品不一样。", "拿去专卖店一看，防伪码是假的。"),
        ("希望市场监管部门去查处。", "请相关部门核实，商家应该给我退换赔偿。"),
        weight=0.5,
    ),
    # 环境保护 -----------------------------------------------------------------------------
    Template(
        "garbage", "环境保护", "环境污染", "垃圾未清运",
        ("{place}垃圾未清运", "{town}{landmark}垃圾堆积无人清理", "反映{place}垃圾站臭气熏天"),
        ("{place}{landmark}旁边的垃圾已经{short_duration}没人来拉了。", "我们{place}的垃圾池满了都没人清运。"),
        ("天气热，垃圾堆得老高，臭得很，苍蝇蚊子到处都是。", "垃圾都堆到路上了，过路的人都捂着鼻子走。"),
        ("希望环卫部门尽快清运。", "请相关部门安排人员及时清理。"),
        weight=1.4,
    ),
    Template(
        "sewage", "环境保护", "环境污染", "污水直排",
        ("{place}污水直排河道", "{town}{factory}偷排污水", "反映{place}生活污水横流"),
        ("{town}的{factory}每天晚上都往河里排污水。", "{place}有一根管子直接把污水排到旁边的小河里。"),
        ("水是黑色的，臭味很大，河里的鱼都死了不少。", "下游就是村民灌溉用的水，{crop}都受了影响。"),
        ("希望环保部门尽快调查处理。", "请有关部门来取样检测，依法查处。"),
    ),
    Template(
        "farm_smell", "环境保护", "环境污染", "养殖场异味",
        ("{place}养殖场异味扰民", "反映{town}{farm}臭气熏天", "{farm}粪污直排"),
        ("我是{place}{group}的村民，我们家附近有一个{farm}。", "{place}的{farm}离住户只有一两百米。"),
        ("天一热臭味特别大，窗户都不敢开。", "粪水直接排到田里，把我家的{crop}都淹了。"),
        ("希望环保部门督促养殖场整改。", "请有关部门来现场看一下。"),
        setting="rural",
    ),
    Template(
        "night_construction", "环境保护", "环境污染", "夜间施工噪音",
        ("{town}{road}工地夜间施工扰民", "反映{place}夜间施工噪音"),
        ("{town}{road}旁边的工地每天施工到{night_time}。", "我住在{town}{estate}，旁边的工地晚上一直在打桩。"),
        ("噪音特别大，根本睡不着觉，第二天还要上班。", "渣土车整夜进进出出，路上全是泥。"),
        ("希望相关部门查一下有没有夜间施工许可。", "请有关部门督促工地按规定时间施工。"),
        setting="urban",
    ),
    Template(
        "burning", "环境保护", "环境污染", "焚烧垃圾秸秆",
        ("{place}有人焚烧垃圾", "反映{place}露天焚烧秸秆"),
        ("{place}{group}有人在田边烧秸秆和塑料垃圾。", "{place}有人天天在空地上烧垃圾。"),
        ("烟很大，呛得人喘不过气，衣服都不敢晒。", "烧的有塑料，味道很刺鼻。"),
        ("希望相关部门制止。", "请有关部门尽快来处理。"),
        setting="rural", weight=0.7,
    ),
    Template(
        "dead_fish", "环境保护", "环境污染", "河道大量死鱼",
        ("{place}河道出现大量死鱼", "{town}{village}河水变色死鱼"),
        ("{place}旁边的河里今天早上突然浮起了很多死鱼。", "我在{town}{village}河边发现河水变成了黄色。"),
        ("河面上全是死鱼，还有一股刺鼻的化学味道，怀疑上游有人排污。", "下游就是取水的地方，大家都很担心。"),
        ("请环保部门马上派人来取样调查！", "情况紧急，请尽快处置！"),
        urgency="urgent", setting="rural", weight=0.2,
    ),
    # 卫生计生 -----------------------------------------------------------------------------
    Template(
        "medical_dispute", "卫生计生", "医患纠纷", "医疗纠纷",
        ("反映{hospital}医疗纠纷", "{relative}在{hospital}手术后出现并发症"),
        ("我{relative}前段时间在{hospital}住院做手术。", "我{relative}今年{age}岁，上个月在{hospital}做了手术。"),
        ("做完手术出现了并发症，医院说不是他们的责任。", "出院没几天伤口就感染了，医院不肯承担后续治疗的费用。"),
        ("希望卫健部门调查，给我们一个说法。", "请相关部门组织医疗纠纷调解。"),
        weight=0.5,
    ),
    Template(
        "clinic_overcharge", "卫生计生", "医政监管", "卫生院乱收费",
        ("{town}卫生院乱收费", "反映{place}诊所过度检查"),
        ("我上个月在{town}卫生院看病。", "前几天我在{place}的一家诊所看感冒。"),
        ("一个普通感冒开了六七百块钱的药，还做了很多不必要的检查。", "收费单上有好几项检查根本没做过。"),
        ("希望卫健部门核实收费是否合理。", "请相关部门查一下，把多收的钱退给我。"),
        weight=0.5,
    ),
    Template(
        "food_hygiene", "卫生计生", "食品药品监管", "餐馆卫生差",
        ("{place}{merchant}卫生差", "反映{town}{road}餐馆食品安全问题"),
        ("我昨天在{town}{road}的{merchant}吃饭。", "{place}{landmark}附近有一家小饭馆。"),
        ("后厨脏得很，菜里还吃出了虫子。", "吃完回家就拉肚子，一起吃饭的几个人都不舒服。"),
        ("希望相关部门去检查一下。", "请市场监管部门依法查处。"),
    ),
    Template(
        "school_food_poisoning", "卫生计生", "食品药品监管", "学生疑似食物中毒",
        ("{school}学生疑似食物中毒", "{school}多名学生呕吐腹泻"),
        ("我娃娃在{school}读书，今天中午在学校食堂吃了饭。", "我是{school}{grade}的家长，娃娃下午从学校打电话说肚子疼。"),
        ("下午好多娃娃都开始呕吐拉肚子，已经送了几个到卫生院。", "班上有七八个娃娃都在吐，学校也没通知家长。"),
        ("请卫健和市场监管部门马上介入！", "情况紧急，请尽快派人处置！"),
        urgency="urgent", weight=0.08,
    ),
    Template(
        "banquet_food_poisoning", "卫生计生", "食品药品监管", "坝坝宴后多人不适",
        ("{place}坝坝宴后多人呕吐腹泻", "{town}{village}多人就餐后疑似食物中毒"),
        ("{place}今天中午有人家里办酒席，好多人吃完都不舒服。", "我今天在{place}吃坝坝宴，回来就开始上吐下泻。"),
        ("现在已经有十几个人在吐，有几个老人发烧了。", "一起吃饭的好几桌人都出现了症状，有人已经送到{town}卫生院了。"),
        ("请卫健和市场监管部门马上介入！", "情况紧急，请尽快派人处置！"),
        urgency="urgent", setting="rural", weight=0.08,
    ),
    Template(
        "vaccination", "卫生计生", "公共卫生", "疫苗接种",
        ("咨询{town}卫生院疫苗接种", "反映{town}卫生院疫苗预约难"),
        ("我家娃娃该打疫苗了，户口在{place}。", "我想给家里老人预约接种疫苗。"),
        ("{town}卫生院电话一直打不通，去了又说没有疫苗。", "网上预约一直约不上，不知道要等多久。"),
        ("希望卫健部门协调一下。", "请告诉我们去哪里可以接种，谢谢。"),
        weight=0.6,
    ),
    # 交通运输 -----------------------------------------------------------------------------
    Template(
        "illegal_parking", "交通运输", "交通运输", "乱停车",
        ("{place}乱停车堵路", "{town}{road}车辆乱停乱放", "反映{town}{road}{landmark}乱停车"),
        ("{town}{road}{landmark}这一段每天都有很多车乱停。", "我是{place}的，{road}{landmark}附近每天都停满了车。"),
        ("车子停在消防通道上，救护车都进不来。", "人行道上全是车，行人只能走到马路中间去。"),
        ("希望交警部门加强管理。", "请相关部门来处理一下乱停车的问题。"),
        weight=1.3,
    ),
    Template(
        "bus_route", "交通运输", "客货运输", "公交线路",
        ("建议{bus_line}公交延伸到{place}", "反映{bus_line}公交车班次太少", "{bus_line}公交不按时发车"),
        ("我住在{place}，每天坐{bus_line}公交车上班。", "我们{place}的居民出行主要靠{bus_line}公交。"),
        ("车子经常半个多小时才来一班，早上根本挤不上去。", "最近{bus_line}改了线路，不经过我们这里了，老人去医院很不方便。"),
        ("希望交通部门增加班次。", "建议把线路延伸到我们这里，方便群众出行。"),
    ),
    Template(
        "coach_stopped", "交通运输", "客货运输", "农村客运班车停运",
        ("{town}到县城客运班车停运", "反映{place}没有客运班车"),
        ("我是{place}的，以前每天有班车到县城。", "我们{place}离镇上有十几里路，一直没有通客车。"),
        ("这{duration}班车都停了，我们进城只能坐摩的，又贵又不安全。", "老人去县城看病要走很远的路去坐车。"),
        ("希望交通运输局尽快恢复班车。", "希望交通部门开通一条村里到镇上的客运线路。"),
        setting="rural", weight=0.5,
    ),
    Template(
        "coach_overload", "交通运输", "客货运输", "客车超载",
        ("反映{town}客车超载", "{town}到县城的客车超载超速"),
        ("{town}到县城的客车每天都超载。", "我今天早上从{place}坐客车到县城。"),
        ("一辆车挤了二十几个人，还跑得很快。", "过道上都站满了人，司机还一路接打电话。"),
        ("请交通部门查一下，保障乘客安全。", "希望相关部门加强检查。"),
        setting="rural", weight=0.5,
    ),
    Template(
        "taxi", "交通运输", "出租车管理", "出租车拒载绕路",
        ("反映渠县出租车拒载", "{town}出租车不打表乱收费"),
        ("我今天在{town}{landmark}打出租车。", "我昨天晚上在{town}{road}坐出租车回家。"),
        ("司机不打表，一口价要了平时三倍的钱。", "司机嫌路近不愿意拉，还骂人。"),
        ("希望交通部门处理这个司机。", "请相关部门加强出租车管理。"),
        setting="urban", weight=0.6,
    ),
    # 农村农业 -----------------------------------------------------------------------------
    Template(
        "land_transfer", "农村农业", "土地承包经营", "土地流转纠纷",
        ("{place}土地流转纠纷", "{town}{village}土地流转费未兑付", "反映{place}土地流转合同纠纷"),
        ("我是{place}{group}的村民，家里{mu}亩地流转给了一家种植公司。",
         "我们{group}的土地前几年统一流转出去种{crop}。"),
        ("合同上说每年给流转费，现在已经两年没给了。", "公司现在不种了，地荒着，流转费也不给，地也不还。"),
        ("希望镇政府和农业部门帮我们协调。", "请相关部门督促公司履行合同。"),
        ("我们组有几十户都是这个情况。",),
        setting="rural", weight=1.4,
    ),
    Template(
        "irrigation", "农村农业", "水利水电", "灌溉用水",
        ("{place}灌溉用水困难", "{town}{village}水渠损坏无法灌溉", "反映{place}山坪塘渗漏"),
        ("我是{place}的村民，我们{group}的灌溉水渠垮了{duration}了。", "{place}的山坪塘漏水，蓄不住水。"),
        ("马上要栽秧了，田里放不进水。", "今年天干，{crop}都快旱死了。"),
        ("希望水务部门尽快修复水渠。", "请相关部门帮我们解决灌溉用水。"),
        setting="rural",
    ),
    Template(
        "farm_subsidy", "农村农业", "惠农补贴", "惠农补贴未发放",
        ("{place}耕地地力保护补贴未发放", "反映{place}惠农补贴发放问题"),
        ("我是{place}{group}的村民，家里承包了{mu}亩地。", "我家在{place}种了{mu}亩{crop}。"),
        ("今年的耕地地力保护补贴别家都发了，我家到现在还没有。", "补贴的面积和我家实际承包的面积对不上。"),
        ("希望相关部门核实一下。", "请镇上给我一个答复。"),
        setting="rural",
    ),
    Template(
        "village_affairs", "农村农业", "村务管理", "村务不公开",
        ("{place}村务不公开", "反映{place}村集体收入不公开"),
        ("我是{place}的村民，想反映村务公开的问题。", "我们{place}的村委会这两年账目一直没有公开。"),
        ("村里修路的钱和集体土地的租金，从来没有给村民公布过。", "好几个村民去问，村干部都说不清楚。"),
        ("希望镇纪委和相关部门来查一下账。", "请上级部门督促村里公开村务。"),
        setting="rural", weight=0.7,
    ),
    # 民政 -------------------------------------------------------------------------------
    Template(
        "minimum_living", "民政", "社会救助", "低保申请",
        ("{place}低保申请", "咨询{town}低保办理", "反映{place}低保评定不公"),
        ("我是{place}的，家里老伴瘫痪在床，我自己也有病。", "我{relative}今年{age}岁了，一个人住在{place}。"),
        ("去年申请了低保，到现在都没批下来。", "身边有的人家里有车有房都吃上了低保，我们这么困难却评不上。"),
        ("希望民政部门核实我家的情况。", "请告诉我低保怎么申请，需要什么材料。"),
        weight=1.3,
    ),
    Template(
        "elderly_allowance", "民政", "社会服务", "高龄补贴",
        ("{place}高龄补贴未发放", "咨询{town}高龄津贴申请"),
        ("我{relative}今年{old_age}岁了，户口在{place}。", "我家老人已经满八十岁。"),
        ("听说满八十岁有高龄补贴，到现在一直没领到。", "去社区问，说要自己申请，也不知道怎么办。"),
        ("希望民政部门帮忙办理。", "请告诉我们申请流程。"),
        weight=0.7,
    ),
    Template(
        "elderly_missing", "民政", "社会服务", "老人走失",
        ("{place}{age}岁老人走失", "{town}一名老人走失求助"),
        ("我{relative}今年{age}岁，有老年痴呆，今天早上从{place}家里出去就没回来。",
         "我们{place}有一个{age}岁的老人从昨天下午走失到现在。"),
        ("穿的蓝色外套，说话口音是本地的，身上没有带手机。", "家里人找遍了附近都没找到，已经好几个小时了。"),
        ("请相关部门帮忙寻找！", "请尽快联系派出所和社区一起帮忙找人！"),
        urgency="urgent", weight=0.2,
    ),
    # 政法 -------------------------------------------------------------------------------
    Template(
        "neighbour_dispute", "政法", "仲裁与调解", "邻里纠纷",
        ("{place}邻里纠纷", "反映{place}邻居占用公共通道"),
        ("我是{place}的，{neighbour}长期把杂物堆在公共通道上。", "{neighbour}把杂物和电瓶车堆在我家门口的公共通道上。"),
        ("去说了好几次，对方不但不搬，还骂人。", "通道只剩一个人能过，万一着火根本跑不出去。"),
        ("希望社区和司法所帮我们调解。", "请相关部门出面协调一下。"),
        setting="urban", weight=0.7,
    ),
    Template(
        "homestead_boundary", "政法", "仲裁与调解", "宅基地边界纠纷",
        ("{town}{village}宅基地边界纠纷", "{place}{group}村民因宅基地发生纠纷"),
        ("我是{place}{group}的村民，和{rural_neighbour}因为宅基地边界闹了矛盾。", "{rural_neighbour}修房子把墙砌到了我家的地界上。"),
        ("为了这个已经吵了好几次，差点打起来。", "村上调解过一次，对方还是不认。"),
        ("希望司法所和村委会帮我们调解。", "请相关部门来现场重新确认边界。"),
        setting="rural", weight=0.6,
    ),
    Template(
        "family_conflict", "政法", "仲裁与调解", "家庭矛盾",
        ("{place}家庭矛盾", "反映{place}赡养老人纠纷"),
        ("我是{place}的，我{relative}今年{age}岁了。", "我们家几兄弟因为老人赡养的问题闹得很僵。"),
        ("几个子女都不愿意管老人，互相推来推去。", "老人生病住院没人管，医药费也没人出。"),
        ("希望村里和司法所帮忙调解。", "请相关部门出面协调，让老人有人照顾。"),
    ),
    Template(
        "hukou_transfer", "政法", "户籍证件", "户口迁移",
        ("咨询{town}户口迁移", "反映{town}户口迁回办理难"),
        ("我想把户口从外地迁回{place}。", "我结婚后想把户口迁到{place}。"),
        ("去办的时候说要开一堆证明，来回跑了好几趟。", "派出所让我先去开证明，开证明的地方又让我先找派出所。"),
        ("希望告诉我具体需要哪些材料。", "请相关部门一次性告知办理流程。"),
        weight=0.4,
    ),
    Template(
        "id_card_delay", "政法", "户籍证件", "身份证补办慢",
        ("反映{town}派出所身份证补办慢", "{town}补办身份证一个多月未拿到"),
        ("我在{town}派出所补办身份证已经一个多月了。", "我上个月在{town}派出所申请补办身份证。"),
        ("到现在还没有拿到，买车票都不方便。", "每次去问都说还没做好，也说不清楚什么时候能拿。"),
        ("请相关部门帮忙催一下。", "希望告诉我什么时候能领到。"),
        weight=0.3,
    ),
    Template(
        "ebike_theft", "政法", "社会治安", "电动车被盗",
        ("{place}电动车被盗", "{town}{estate}频繁发生电动车被盗"),
        ("我的电瓶车昨天晚上停在{town}{estate}楼下被偷了。", "{town}{estate}这个月已经丢了好几辆电动车了。"),
        ("已经报了警，还没有消息。", "小区监控是坏的，什么都查不到。"),
        ("希望公安部门加强巡逻。", "请派出所尽快破案。"),
        setting="urban", weight=0.8,
    ),
    # 科技与信息产业 / 国土资源 ---------------------------------------------------------------
    Template(
        "mobile_signal", "科技与信息产业", "电信", "手机信号差",
        ("{place}手机信号差", "反映{town}{village}{group}没有手机信号"),
        ("我是{place}的，我们这里手机信号一直很差。", "{place}{group}这一片手机基本没有信号。"),
        ("打电话要跑到坡上才有信号，娃娃上网课都上不了。", "家里老人有个急事连电话都打不出去。"),
        ("希望通信部门在我们这里建一个基站。", "请相关部门协调运营商解决。"),
        setting="rural", weight=0.6,
    ),
    Template(
        "broadband", "科技与信息产业", "电信", "宽带无法安装",
        ("{town}{village}宽带无法安装", "反映{place}宽带网速慢"),
        ("我们{place}{group}想装宽带，运营商说拉不了线。", "我是{place}的，家里装的宽带网速特别慢。"),
        ("好多在外打工的人回来都没法上网办事。", "找运营商报修了好几次，来看了也没修好。"),
        ("请相关部门协调运营商解决。", "希望通信管理部门督促运营商改善网络。"),
        setting="rural", weight=0.4,
    ),
    Template(
        "land_acquisition", "国土资源", "土地征收", "征地补偿",
        ("{place}征地补偿未到位", "反映{town}征地补偿标准"),
        ("我是{place}{group}的村民，我家的地前年被征用修路。", "{town}修工业园区征了我们{group}的地。"),
        ("补偿款到现在还有一部分没有发到手。", "补偿标准比周边低很多，也没有公示。"),
        ("希望自然资源部门核实。", "请相关部门给我们一个明确的答复。"),
        setting="rural",
    ),
)

# How often each first-level category comes in at a county 12345 hotline (relative weights).
CATEGORY_WEIGHTS: dict[str, float] = {
    "城乡建设": 26.0,
    "劳动和社会保障": 16.0,
    "环境保护": 9.0,
    "商贸旅游": 9.0,
    "教育文体": 8.0,
    "交通运输": 7.0,
    "农村农业": 7.0,
    "政法": 6.0,
    "卫生计生": 6.0,
    "民政": 5.0,
    "科技与信息产业": 1.5,
    "国土资源": 1.5,
}

REPEAT_OPENINGS = (
    "我{ago}已经打过12345反映{issue}的问题，到现在还没有人来处理。",
    "这是我第二次反映了，{ago}就打过电话说{issue}的事。",
    "我再反映一次{issue}的问题，{ago}打过电话，一直没有回音。",
)
REPEAT_REQUESTS = (
    "请尽快安排人处理，不要再拖了！",
    "希望这次能尽快给个答复。",
    "麻烦督促一下承办单位，谢谢。",
)


def compose(template: Template, slots: dict[str, str], rng: random.Random) -> DemandText:
    """A title and 3-4 sentences: opening, detail, sometimes an impact, and a request."""
    title = rng.choice(template.titles).format_map(slots)
    sentences = [rng.choice(template.openings), rng.choice(template.details)]
    if template.impacts and rng.random() < 0.5:
        sentences.append(rng.choice(template.impacts))
    requests = template.requests + (GENERIC_REQUESTS if template.urgency == "normal" else ())
    sentences.append(rng.choice(requests))
    return DemandText(title, tuple(sentence.format_map(slots) for sentence in sentences))


def ago_phrase(hours: float) -> str:
    if hours < 1:
        return "刚才"
    if hours < 12:
        return f"{int(hours)}个多小时前"
    return "昨天"


def compose_repeat(template: Template, original: DemandText, hours_ago: float, rng: random.Random) -> DemandText:
    """The same caller again: the same title, a line saying so, the original detail, an urging request."""
    opening = rng.choice(REPEAT_OPENINGS).format(ago=ago_phrase(hours_ago), issue=template.issue)
    detail = original.sentences[1] if len(original.sentences) > 2 else original.sentences[0]
    return DemandText(original.title, (opening, detail, rng.choice(REPEAT_REQUESTS)))
