"""Labelled demand texts generated from our own templates: the training data of the shipped model.

No citizen message is copied here. For each first-level category of the taxonomy
(`insight/data/taxonomy.csv`, 15 names) this module holds a small lexicon written for this project —
topics named after the taxonomy's second level, each with the things people complain about
(`subjects`), what is wrong with them (`problems`), and the office in charge — and composes
12345-style demands from it: a title, then two to five sentences (an opening, the facts with a
place, a duration and sometimes an amount, the impact, the request). The taxonomy's third-level
names are vocabulary too ("反映职工养老保险问题…").

To keep the task from being too easy (and the fitted confidence from being too sure), texts also
carry sentences every category shares (courtesy, "反映多次无人处理"), sometimes a mention of another
category's subject, letter-coded place names like public sets have ("K8县"), and a quarter of them
come in the segmented, stop-word-free, punctuation-free form of public labelled sets.

    generate(per_label=600, seed=0) -> list[Example]    # (text, label), shuffled, deterministic
"""
from __future__ import annotations

import csv
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

TAXONOMY = Path(__file__).with_name("data") / "taxonomy.csv"


class Example(NamedTuple):
    text: str
    label: str


@dataclass(frozen=True)
class Topic:
    second: str  # the taxonomy's second-level name
    subjects: tuple[str, ...]
    problems: tuple[str, ...]


def _topic(second: str, subjects: str, problems: str) -> Topic:
    return Topic(second, tuple(subjects.split()), tuple(problems.split()))


# -- the lexicon: first level → offices and topics ------------------------------------------------
OFFICES: dict[str, tuple[str, ...]] = {
    "城乡建设": ("住建局", "城管局", "房产局", "规划局", "街道办", "物业公司", "城管执法局"),
    "劳动和社会保障": ("人社局", "劳动监察大队", "社保局", "社保中心", "劳动仲裁委", "医保局"),
    "教育文体": ("教育局", "学校", "教育体育局", "文旅局", "体育局", "招生办"),
    "商贸旅游": ("市场监管局", "工商局", "商务局", "文旅局", "物价局", "消费者协会", "质监局"),
    "环境保护": ("环保局", "生态环境局", "环境监察大队", "环保部门"),
    "卫生计生": ("卫健局", "卫生局", "卫计委", "医院", "疾控中心", "食药监局", "卫生监督所"),
    "交通运输": ("交通局", "运管所", "公路局", "交通运输局", "客运站", "邮政管理局"),
    "农村农业": ("农业农村局", "农业局", "林业局", "水利局", "扶贫办", "乡政府", "村委会"),
    "民政": ("民政局", "残联", "退役军人事务局", "社区居委会", "民政所"),
    "政法": ("公安局", "派出所", "交警大队", "法院", "司法局", "检察院"),
    "国土资源": ("国土局", "自然资源局", "国土所", "不动产登记中心", "气象局"),
    "经济管理": ("发改委", "税务局", "金融办", "银保监局", "国资委", "应急管理局"),
    "党务政务": ("政务服务中心", "组织部", "宣传部", "信访局", "统战部", "政府办"),
    "科技与信息产业": ("工信局", "科技局", "通信管理局", "电信公司", "移动公司", "联通公司"),
    "纪检监察": ("纪委", "监察委", "纪委监委", "巡察组"),
}

TOPICS: dict[str, tuple[Topic, ...]] = {
    "城乡建设": (
        _topic("住房保障与房地产", "物业公司 物业费 小区电梯 地下车库 小区绿化 消防通道 楼道 单元门 业主委员会 物业管理",
               "乱收费 服务差 经常停运 长期不维修 被占用 无人管理 私自涨价 强行收取停车费 侵占公共收益 拒不退还维修基金"),
        _topic("住房保障与房地产", "开发商 商品房 房产证 不动产权证 购房合同 交房 楼盘 公租房 廉租房 保障性住房 安置房",
               "延期交房 迟迟不办 质量问题 墙体开裂 漏水渗水 虚假宣传 违约不赔偿 分配不公 捂盘惜售 无法办理"),
        _topic("城乡规划", "违章建筑 私搭乱建 楼顶加建 违建厂房 规划 容积率 楼间距 日照",
               "长期无人拆除 擅自变更规划 严重挡光 占用公共绿地 违规审批 影响采光"),
        _topic("城市建设和市政管理", "公交车 公交线路 公交站 地铁 停车位 停车场 小区车位 充电桩 市政道路 小区道路 人行道 路面",
               "班次太少 线路不合理 车位不够 乱收停车费 坑洼不平 挖了又填 施工围挡占道 长期不修"),
        _topic("国有土地上房屋征收与补偿", "拆迁 房屋征收 拆迁补偿款 安置房 回迁房 棚户区改造 城中村改造 危房改造",
               "补偿标准过低 强行拆除 安置不到位 迟迟不交付 补偿款未到位 过渡费停发"),
        _topic("城市建设和市政管理", "自来水 供水 燃气 天然气 暖气 供电 路灯 下水道 窨井盖 人行道 市政道路 公共厕所 排水管网",
               "经常停水 水压太低 水质发黄 价格过高 长期不亮 堵塞外溢 破损缺失 积水严重 停电频繁 管道老化"),
        _topic("城市建设和市政管理", "垃圾清运 环卫 垃圾桶 占道经营 流动摊贩 城管 广告牌 公园 绿化带 公交站台",
               "不及时清运 垃圾堆积 乱摆乱卖 暴力执法 破损无人修 随意砍伐 脏乱差"),
        _topic("建筑市场", "工程款 施工单位 建筑工地 招投标 工程质量 施工安全 脚手架 渣土车",
               "拖欠工程款 围标串标 偷工减料 安全措施不到位 无证施工 挂靠资质"),
    ),
    "劳动和社会保障": (
        _topic("工资福利", "工资 农民工工资 血汗钱 加班费 绩效工资 年终奖 福利待遇 最低工资标准 高温补贴",
               "拖欠 被克扣 至今未发放 迟迟不结算 低于最低工资标准 无故扣发 拒不支付 拖了三个月"),
        _topic("劳动关系", "劳动合同 用人单位 公司 工厂 劳务派遣 试用期 经济补偿金 辞退 离职 竞业协议",
               "不签订劳动合同 违法辞退 不给经济补偿 强迫加班 不给休息 扣押证件 拒不出具离职证明 同工不同酬"),
        _topic("城镇职工社会保险", "社保 养老保险 医疗保险 失业保险 工伤保险 生育保险 社保卡 五险一金 工伤认定",
               "单位不缴纳 断缴 少缴 无法转移接续 报销难 迟迟不认定 待遇不落实 缴费基数不实"),
        _topic("城镇居民社会保险", "城乡居民养老保险 新农合 城乡居民医保 医保报销 异地就医 大病保险",
               "报销比例太低 缴费年年上涨 无法异地结算 不予报销 重复缴费"),
        _topic("退休政策及待遇", "退休金 养老金 退休待遇 提前退休 退休手续 企业退休人员 工龄 视同缴费年限 特殊工种",
               "迟迟不发 计算错误 待遇偏低 不予认定 办理不了 调整不到位"),
        _topic("就业培训", "就业 再就业 职业培训 技能鉴定 公益性岗位 创业补贴 招聘 职业资格证 就业补助",
               "补贴不兑现 培训走过场 招聘不公开 虚假招聘 名额被挤占"),
        _topic("工资福利", "住房公积金 公积金 公积金贷款",
               "单位不缴 无法提取 少缴漏缴 提取手续繁琐"),
    ),
    "教育文体": (
        _topic("教育收费", "学校 中学 小学 补课 校服费 资料费 教辅资料 学费 住宿费 伙食费 择校费",
               "乱收费 强制收取 违规补课 变相收费 收费过高 不开收据"),
        _topic("考试招生", "入学 招生 学位 学区 划片 小升初 中考 高考 转学 学籍 异地升学 随迁子女",
               "无法入学 划片不合理 招生不公平 学位不足 不给办理学籍 户籍限制报名"),
        _topic("教师队伍和待遇", "教师 老师 代课教师 教师编制 班主任 特岗教师 乡村教师 职称评定",
               "工资待遇低 绩效工资不落实 体罚学生 有偿家教 职称评审不公 长期不转正"),
        _topic("教育行政管理", "幼儿园 民办幼儿园 培训机构 校外培训 校车 学校食堂 校园安全 作业 学生负担 寄宿",
               "无证办学 收费过高 安全隐患 食品卫生差 作业太多 放学太晚 霸凌事件无人管"),
        _topic("教育体制", "大学 职业学院 毕业证 学历 学位证 自考 成人教育 研究生",
               "学历不被承认 拿不到毕业证 违规招生 乱发证书"),
        _topic("文化", "图书馆 文化馆 文化广场 农家书屋 非物质文化遗产 网吧 演出 文物 古建筑",
               "长期关闭 设施闲置 接纳未成年人 保护不力 被破坏"),
        _topic("体育", "体育馆 健身器材 运动场 体育场 游泳池 全民健身 篮球场",
               "不对外开放 器材损坏 收费过高 被挪作他用"),
    ),
    "商贸旅游": (
        _topic("市场监管", "商家 超市 商场 网店 手机店 家电 家具 汽车 4s店 预付卡 会员卡 健身房 美容院",
               "销售假冒伪劣商品 拒绝退货 虚假宣传 价格欺诈 缺斤少两 卷款跑路 不退押金 霸王条款 售后推诿"),
        _topic("市场监管", "物价 价格 菜价 油价 收费 停车收费 明码标价",
               "乱涨价 哄抬物价 不明码标价 收费不合理"),
        _topic("市场监管", "传销 直销 非法集会 保健品推销 广告 虚假广告 中介 房产中介 婚介",
               "组织传销 骗取老人钱财 虚假宣传 违规收取中介费"),
        _topic("旅游管理", "景区 旅游 旅行社 导游 门票 农家乐 酒店 宾馆",
               "强制购物 门票过高 服务差 欺骗游客 乱收费 安全设施缺失"),
        _topic("质监检验检疫", "产品质量 特种设备 计量器具 电梯检验 压力容器 燃气罐 电子秤",
               "质量不合格 未经检验 作弊 过期未检"),
        _topic("商业贸易", "农贸市场 批发市场 商铺 摊位 店铺租金 加油站 成品油",
               "市场管理混乱 租金过高 强买强卖 垄断经营 以次充好"),
        _topic("市场监管", "营业执照 工商登记 个体工商户 公司注册 企业年报 食品经营许可证 烟草专卖",
               "办理难 被无故吊销 注销难 审批太慢 无照经营"),
        _topic("市场监管", "消费者 网购 团购 外卖平台 充值卡 电动车 手机 家用电器 装修公司 二手车",
               "消费纠纷 退款难 质量差 商家失联 合同欺诈 投诉无门"),
    ),
    "环境保护": (
        _topic("环境污染", "噪音 施工噪音 夜间施工 工厂噪声 ktv噪音 广场舞音响 机器轰鸣",
               "扰民 影响休息 半夜还在施工 噪声超标 无法入睡"),
        _topic("环境污染", "废气 烟尘 粉尘 扬尘 油烟 恶臭 异味 烧垃圾 焚烧秸秆 锅炉 烟囱",
               "直排 刺鼻难闻 黑烟滚滚 污染空气 呛得喘不过气 偷偷排放"),
        _topic("环境污染", "污水 废水 河流 河道 池塘 养殖场 化工厂 造纸厂 排污口 黑臭水体",
               "直排河道 偷排 水体发黑发臭 鱼虾死亡 污染饮用水源 污水横流"),
        _topic("环境污染", "建筑垃圾 工业固废 危险废物 垃圾填埋场 渣土 废渣 电子垃圾",
               "乱倾倒 随意堆放 渗滤液外流 污染土壤"),
        _topic("环境污染", "辐射 基站 变电站 高压线 信号塔 电磁辐射",
               "离居民太近 辐射超标 担心影响健康"),
        _topic("建设项目审批", "环评 环境影响评价 搅拌站 砂石厂 采石场 砖厂 养猪场 洗砂场",
               "未批先建 环评造假 未验先用 无环保手续 无环保设施"),
        _topic("环保管理", "环境监测 环保督察 环境执法 排污许可 生态",
               "监测数据造假 执法不严 督察整改不到位 破坏生态"),
    ),
    "卫生计生": (
        _topic("医政监管", "医院 卫生院 诊所 医生 护士 门诊 住院部 急诊 乡村医生",
               "乱收费 过度检查 态度恶劣 推诿病人 医术差 收红包 排队太久 开大处方"),
        _topic("医患纠纷", "手术 医疗事故 误诊 病历 治疗 医疗纠纷 患者",
               "造成残疾 导致死亡 拒不承担责任 篡改病历 延误治疗"),
        _topic("医政监管", "黑诊所 非法行医 游医 假医生 无证诊所",
               "无证行医 坑害患者 非法开展手术"),
        _topic("食品药品监管", "食品安全 餐馆 饭店 小吃店 过期食品 地沟油 药店 药品 保健品 化妆品 医疗器械",
               "卫生条件差 无证经营 销售过期食品 售卖假药 药价虚高 食物中毒"),
        _topic("人口计生", "计划生育 二孩 独生子女 失独家庭 社会抚养费 准生证 生育登记 计生奖励扶助",
               "奖励不兑现 乱罚款 办证难 扶助金未发放"),
        _topic("公共卫生", "疫苗 预防接种 传染病 狂犬疫苗 疾控 体检 健康证 献血 出生医学证明",
               "缺货无法接种 乱收费 办理困难 防控不到位"),
    ),
    "交通运输": (
        _topic("出租车管理", "出租车 的士 网约车 滴滴 摩的 三轮车",
               "拒载 绕路 不打表 乱要价 宰客 非法营运 服务态度恶劣"),
        _topic("客货运输", "客车 班车 长途汽车 客运站 中巴车 校车线路 车票 城乡公交",
               "超载 票价上涨 中途甩客 班次太少 停运 私自改线 站外揽客"),
        _topic("建设管理", "公路 乡村公路 通村公路 国道 省道 县道 公路桥梁 隧道 涵洞",
               "坑洼不平 破损严重 年久失修 塌陷 修了一半停工 晴天一身灰雨天一身泥 危桥无人管"),
        _topic("建设管理", "高速公路 收费站 过路费 etc 服务区 超限检测站",
               "乱收费 收费不合理 重复扣费 排队拥堵 乱罚款"),
        _topic("客货运输", "货车 物流 货运 运输公司 超限超载 渣土运输 危险品运输",
               "超载严重 违规运输 乱罚款 压坏路面"),
        _topic("邮政管理", "快递 快递公司 包裹 邮件 快递网点 驿站",
               "丢件 损坏 乱收费 不送货上门 拒绝赔偿 暴力分拣"),
        _topic("客货运输", "驾校 驾驶员培训 教练 火车站 高铁站 汽车站 渡口 渡船 机场大巴",
               "乱收费 吃拿卡要 学车难 候车环境差 安全隐患大"),
    ),
    "农村农业": (
        _topic("土地承包经营", "土地承包 承包地 土地流转 宅基地 责任田 山林 土地确权",
               "被强行收回 流转费不给 纠纷无人调处 确权错误 面积不对"),
        _topic("惠农补贴", "粮食直补 农机补贴 耕地地力保护补贴 种粮补贴 良种补贴 退耕还林补助 生态补偿",
               "没有发放 被村干部截留 发放不到位 冒领 克扣"),
        _topic("扶贫开发", "贫困户 精准扶贫 扶贫资金 建档立卡 危房改造补助 易地扶贫搬迁 产业扶贫",
               "评定不公 优亲厚友 资金被挪用 不符合条件却享受 帮扶走过场"),
        _topic("村务管理", "村委会 村干部 村集体资产 村财务 村务公开 集体土地 村级债务",
               "账目不公开 私分集体资产 违规发包 财务混乱"),
        _topic("水利水电", "水渠 灌溉 水库 山塘 河堤 机耕道 提灌站 饮水工程 防汛",
               "年久失修 无法灌溉 垮塌 漏水 农田被淹 自来水不通"),
        _topic("农资农技", "种子 化肥 农药 饲料 农机 兽药 猪瘟 疫病 生猪养殖 水产养殖 农产品",
               "假冒伪劣 导致减产 疫情防控不力 滞销 价格暴跌"),
        _topic("林业管理", "林木 森林 山林 古树 林权 野生动物 防火",
               "乱砍滥伐 非法占用林地 盗伐 捕杀野生动物"),
    ),
    "民政": (
        _topic("社会救助", "低保 农村低保 城镇低保 特困供养 五保户 临时救助 医疗救助",
               "评定不公 关系保 被取消 审批太慢 标准太低 错评漏评"),
        _topic("社会服务", "养老院 敬老院 福利院 高龄补贴 养老服务 居家养老 老年人",
               "条件太差 虐待老人 补贴未发放 收费过高"),
        _topic("社会服务", "残疾人 残疾证 残疾人补贴 护理补贴 孤儿 流浪人员 乞讨",
               "补贴不到位 办证难 无人救助"),
        _topic("社会服务", "婚姻登记 离婚 殡葬 墓地 公墓 火化 骨灰堂 丧葬费",
               "收费过高 乱建坟墓 强制火化 天价墓地"),
        _topic("优抚", "退役军人 退伍军人 老兵 伤残军人 优抚对象 参战退役人员 复员军人 转业干部",
               "待遇不落实 抚恤金偏低 安置不到位 补助未发放"),
        _topic("基层选举和社区建设", "村委会选举 居委会 社区 换届选举 社区服务中心 社会组织 慈善 捐款",
               "选举不公 贿选 社区服务不到位 善款去向不明"),
        _topic("区划地名", "行政区划 地名 门牌号 边界 村组合并",
               "划分不合理 门牌混乱 边界纠纷"),
    ),
    "政法": (
        _topic("社会治安", "治安 小偷 盗窃 抢劫 打架斗殴 赌博 吸毒 黄赌毒 黑恶势力 放高利贷 暴力催收 电信诈骗",
               "猖獗 屡禁不止 报警无人管 敲诈勒索 聚众赌博 被骗钱财"),
        _topic("交通管理", "交警 违章 罚单 驾驶证 行驶证 车辆年检 交通事故 酒驾 电动车 摩托车 车牌",
               "乱罚款 处理不公 办理难 逃逸 无牌无证上路 扣车不给手续"),
        _topic("户籍证件", "户口 户籍 身份证 落户 迁移 居住证 护照 出入境",
               "办理难 来回跑 不给办理 信息错误 出生登记难"),
        _topic("警务督察", "派出所 民警 警察 辅警 执法人员",
               "不作为 不立案 执法粗暴 包庇 刑讯逼供 态度恶劣"),
        _topic("诉讼", "法院 判决 执行 立案 起诉 民事纠纷 借款纠纷 离婚诉讼 律师 法律援助",
               "判决不执行 立案难 执行难 审理拖延 枉法裁判 收费过高"),
        _topic("社会治安", "消防 消防通道 火灾隐患 烟花爆竹 易燃易爆",
               "堵塞 存在重大隐患 违规存放"),
        _topic("仲裁与调解", "调解 人民调解 仲裁 公证 司法鉴定 社区矫正",
               "调解不公 鉴定结果不公 收费不合理"),
    ),
    "国土资源": (
        _topic("土地征收", "征地 土地征收 征地补偿 青苗补偿 失地农民 被征土地 土地补偿款",
               "补偿太低 未批先征 强行征收 补偿款被截留 没有社保安置"),
        _topic("土地资源管理", "耕地 基本农田 土地 土地证 土地使用权 国有土地",
               "被非法占用 违法建房 乱占耕地 权属纠纷 非法转让 办证难"),
        _topic("矿产资源管理", "采矿 矿山 采石场 石场 采砂 河砂 煤矿 稀土",
               "非法开采 无证开采 超范围开采 炸石震裂房屋 破坏地质环境"),
        _topic("海洋气象地震", "山体滑坡 地质灾害 塌方 地面沉降 气象 地震 防雷",
               "存在隐患 无人治理 房屋开裂 监测不到位"),
    ),
    "经济管理": (
        _topic("金融财税", "非法集资 p2p 理财公司 投资公司 融资 高息 借贷平台",
               "无法兑付 老板跑路 涉嫌诈骗 血本无归"),
        _topic("金融财税", "银行 贷款 信用卡 征信 存款 担保 小额贷款 保险 理赔",
               "乱收费 不予放贷 征信记录错误 拒绝理赔 强制搭售"),
        _topic("金融财税", "税务 发票 个税 增值税 税收 财政资金 政府采购",
               "虚开发票 偷税漏税 违规征收 资金挪用 暗箱操作"),
        _topic("国资监管", "国有企业 国企改制 企业破产 职工安置 国有资产 企业重组",
               "国有资产流失 改制不规范 职工身份置换不公"),
        _topic("安全生产", "安全生产 安全隐患 工厂 烟花厂 化工厂 危化品 事故",
               "存在重大隐患 违规生产 瞒报事故"),
        _topic("宏观调控", "营商环境 中小企业 民营企业 招商引资 产业政策 项目审批 企业扶持资金",
               "优惠政策不兑现 融资难 审批慢 承诺不兑现"),
        _topic("能源管理", "电价 电费 用电 光伏 新能源 节能",
               "电价过高 乱收电费 并网难 补贴不到位"),
    ),
    "党务政务": (
        _topic("党的建设", "党员 党组织 组织关系 党费 入党 发展党员 基层党组织 支部",
               "组织关系无法转接 发展党员不规范 党费收缴不规范 组织生活流于形式"),
        _topic("政治体制", "政务服务 办事窗口 政务大厅 审批 行政效率 人大代表 政协委员 建议提案",
               "办事难 门难进脸难看 来回跑 推诿扯皮 答复敷衍"),
        _topic("宣传舆论", "网络谣言 不良信息 新闻报道 电视台 有线电视 广播 出版物 政府网站",
               "散布谣言 报道失实 信号差 收费不合理 信息不公开"),
        _topic("民族宗教", "宗教场所 寺庙 教堂 宗教活动 民族政策 少数民族",
               "违规建设 非法宗教活动 政策不落实"),
        _topic("群众团体", "工会 共青团 妇联 妇女权益 青年 侨务 台胞 港澳",
               "维权不力 活动走过场 权益得不到保障"),
        _topic("国防外交", "征兵 兵役 民兵 军人家属 外事",
               "政策不落实 征兵不公"),
    ),
    "科技与信息产业": (
        _topic("电信", "手机信号 网络信号 宽带 光纤 网速 话费 流量 运营商 移动 联通 电信 5g信号",
               "信号差 经常断网 网速太慢 乱扣费 套餐陷阱 无法销户 安装拖延"),
        _topic("电信", "通信基站 信号塔 电话线 光缆 骚扰电话 垃圾短信",
               "线路乱拉 无人维修 频繁骚扰 信息泄露"),
        _topic("信息化建设", "app 网站 小程序 网上平台 政务app 信息系统 软件",
               "无法登录 系统故障 强制下载 泄露个人信息"),
        _topic("知识产权", "专利 商标 著作权 知识产权 侵权 盗版 软件著作权",
               "被侵权 申报难 维权难 抄袭"),
        _topic("科学技术", "科技项目 科研经费 高新技术企业 科技成果 科技特派员 创新平台",
               "申报不公 经费被挪用 认定不公开 转化难"),
    ),
    "纪检监察": (
        _topic("贪污贿赂", "村支书 村主任 镇干部 局长 科长 领导干部 公职人员 所长",
               "贪污公款 收受贿赂 索要好处费 挪用扶贫资金 虚报冒领 侵吞补偿款"),
        _topic("干部作风", "干部 工作人员 公务员 领导 单位负责人",
               "公款吃喝 公车私用 上班打牌 形式主义 官僚主义 吃拿卡要 违规收礼 大操大办"),
        _topic("滥用职权", "书记 主任 镇长 局领导 村干部",
               "打击报复 以权谋私 优亲厚友 违规提拔 买官卖官 包庇亲属"),
        _topic("失职渎职", "监管部门 执法人员 主管领导 相关责任人",
               "玩忽职守 失职渎职 包庇纵容 不作为乱作为"),
        _topic("党政处分", "违纪 违法 举报 处分 问责 党纪",
               "举报后石沉大海 处分不到位 问责不公"),
    ),
}

# -- slots shared by every category ----------------------------------------------------------------
_PLACE_HEAD = "东 西 南 北 新 老 和平 幸福 建设 人民 光明 胜利 团结 红星 金桥 长青 白云 青山 清河 石桥 龙泉 凤凰 桃园 杨柳 高坪 中心".split()
_PLACE_KIND = "镇 乡 街道 社区 村 小区 花园 新村 家园".split()
_COUNTY = "本县 县城 城区 开发区 高新区 经开区 市区 新区".split()
_CODE_PLACE = [f"{a}{n}{k}" for a in "ABCDEFGHJKL" for n in ("", "1", "2", "3", "5", "8") for k in ("县", "区", "市")]
_DURATIONS = ("三天", "一个星期", "半个月", "一个多月", "两个月", "三个月", "半年", "一年多", "两年", "好几年")
_AMOUNTS = ("两千元", "五千多元", "一万元", "三万元", "十几万元", "2000元", "8500元", "20000元", "几百元", "上百万元")
_DATES = ("去年", "今年年初", "上个月", "2018年", "2019年3月", "2019年下半年", "前几天", "春节前", "今年5月", "2017年")
_OPENINGS = ("", "", "", "您好！", "领导您好，", "尊敬的领导：", "你好，", "本人是{place}的居民，", "我是{place}村民，",
             "我们是{place}的业主，", "我想反映一个问题，", "书记您好，", "市长您好：", "网友留言：")
_REQUESTS = ("恳请相关部门尽快调查处理。", "希望领导重视，早日解决。", "请问这种情况合法吗？", "请{office}给个说法。",
             "望有关部门尽快落实。", "请求{office}依法处理。", "盼复！", "请领导过问一下。", "请问该找哪个部门？",
             "希望能够得到妥善解决。", "请相关部门给予答复。", "强烈要求{office}介入。")
_IMPACTS = ("严重影响了群众的正常生活。", "群众意见很大。", "存在很大的安全隐患。", "大家苦不堪言。",
            "造成了很大的经济损失。", "给我们带来了很大的困扰。", "老百姓怨声载道。", "到现在还是没有结果。")
_SHARED = ("我们多次向有关部门反映，一直没有人处理。", "打过很多次电话都没有用。", "拨打12345也没有解决。",
           "相关部门互相推诿。", "希望这次能引起重视。", "这件事情已经拖了很久了。", "现将情况反映如下。",
           "以上情况属实，请领导明察。", "听说其他地方早就解决了。", "街坊邻居都很有意见。")
_TITLES = ("{place}{subject}{problem}", "关于{place}{subject}{problem}的问题", "反映{place}{subject}{problem}",
           "{place}{subject}问题", "投诉{place}{subject}{problem}", "{subject}{problem}，谁来管？",
           "咨询{subject}相关问题", "{place}{subject}{problem}，请求解决", "请求解决{place}{subject}问题",
           "{subject}{problem}", "关于{subject}的咨询", "举报{place}{subject}{problem}")
_FACTS = ("{place}的{subject}{problem}已经{duration}了。", "{date}开始，{subject}就{problem}。",
          "{subject}一直{problem}，{office}也不管。", "我们这里的{subject}{problem}，前后持续了{duration}。",
          "{subject}{problem}，涉及金额{amount}。", "{date}我向{office}反映{subject}{problem}，至今没有答复。",
          "现在{subject}{problem}的情况越来越严重。", "{place}有{subject}{problem}的情况。",
          "关于{third}的问题，{subject}{problem}。", "这属于{third}方面的问题，{subject}{problem}。")
_GENERIC_TITLES = ("反映问题", "求助", "投诉", "咨询", "请求帮助", "紧急求助", "一个问题", "群众来信", "民生问题")
_ASIDES = ("旁边的{subject}倒是没什么问题。", "另外{subject}也有{problem}的情况，但这次主要反映上面的事。",
           "之前{subject}{problem}的问题已经解决了。", "顺便说一下，{subject}也{problem}。",
           "我们不是反映{subject}的事。", "不像{subject}{problem}那样有人管。")
_STOP_STRIP = re.compile(r"[的了在是我们你您吗呢吧啊呀，。！？、；：“”\"'（）()…\s]")


@lru_cache(maxsize=1)
def taxonomy(path: Path = TAXONOMY) -> dict[str, dict[str, tuple[str, ...]]]:
    """first level → second level → third-level names (in file order), from the shipped taxonomy."""
    tree: dict[str, dict[str, tuple[str, ...]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for row in reader:
            if len(row) >= 3 and all(cell.strip() for cell in row[:3]):
                first, second, third = (cell.strip() for cell in row[:3])
                tree.setdefault(first, {}).setdefault(second, ())
                tree[first][second] += (third,)
    return tree


def labels() -> tuple[str, ...]:
    """The first-level names the generator writes (the taxonomy's, in its order)."""
    return tuple(name for name in taxonomy() if name in TOPICS)


def _place(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(_CODE_PLACE) + rng.choice(("", rng.choice(_PLACE_HEAD) + rng.choice(_PLACE_KIND)))
    if roll < 0.35:
        return rng.choice(_COUNTY)
    return rng.choice(_PLACE_HEAD) + rng.choice(_PLACE_KIND)


def _vocabulary(label: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Second- and third-level names of a first-level category (without the catch-all 其他)."""
    tree = taxonomy().get(label, {})
    seconds = tuple(name for name in tree if name != "其他")
    thirds = tuple(dict.fromkeys(t for names in tree.values() for t in names if t != "其他" and "其他" not in t))
    return seconds, thirds


def compose(label: str, rng: random.Random) -> str:
    """One demand text of the first-level category `label`."""
    topic = rng.choice(TOPICS[label])
    seconds, thirds = _vocabulary(label)
    third_names = thirds or (topic.second,)

    def fill(template: str) -> str:
        subject = rng.choice(topic.subjects)
        if rng.random() < 0.15:
            subject = rng.choice(third_names)
        return template.format(
            place=_place(rng), subject=subject, problem=rng.choice(topic.problems),
            office=rng.choice(OFFICES[label]), duration=rng.choice(_DURATIONS), amount=rng.choice(_AMOUNTS),
            date=rng.choice(_DATES), third=rng.choice(third_names), second=rng.choice(seconds or (topic.second,)),
        )

    title = fill(rng.choice(_TITLES))
    sentences = [fill(rng.choice(_OPENINGS))]
    sentences += [fill(rng.choice(_FACTS)) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    if rng.random() < 0.5:
        sentences.append(rng.choice(_IMPACTS))
    if rng.random() < 0.4:
        sentences.append(rng.choice(_SHARED))
    if rng.random() < 0.3:  # another category's matter, mentioned on the side
        sentences.insert(rng.randrange(1, len(sentences) + 1), _aside(label, rng))
    sentences.append(fill(rng.choice(_REQUESTS)))
    if rng.random() < 0.1:
        title = rng.choice(_GENERIC_TITLES)
    separator = rng.choice(("\n", "  ", "　　", " ", ""))
    text = title + separator + "".join(sentences)
    if rng.random() < 0.25:  # the form of public labelled sets: segmented, stop-words and punctuation gone
        text = _STOP_STRIP.sub("", text)
    return text


def _aside(label: str, rng: random.Random) -> str:
    other = rng.choice(TOPICS[rng.choice([name for name in TOPICS if name != label])])
    subject, problem = rng.choice(other.subjects), rng.choice(other.problems)
    return rng.choice(_ASIDES).format(subject=subject, problem=problem)


def generate(per_label: int = 600, seed: int = 0, categories: Sequence[str] | None = None) -> list[Example]:
    """`per_label` texts for each category (default: every first level with a lexicon), shuffled."""
    rng = random.Random(seed)
    names = tuple(categories) if categories is not None else labels()
    unknown = [name for name in names if name not in TOPICS]
    if unknown:
        raise ValueError(f"no lexicon for {', '.join(unknown)}")
    examples = [Example(compose(name, rng), name) for name in names for _ in range(per_label)]
    rng.shuffle(examples)
    return examples
